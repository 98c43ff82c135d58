package dev.fapikit.policies.par;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.Map;

import org.keycloak.models.KeycloakSession;
import org.keycloak.protocol.oidc.par.endpoints.ParEndpoint;
import org.keycloak.protocol.oidc.par.endpoints.request.AuthzEndpointParParser;

/**
 * Compatibility adapter (Keycloak 26.4 / 26.5+): reads a pushed authorization request (RFC 9126 §2.2) by its
 * {@code request_uri} without consuming it.
 * <ul>
 * <li>Keycloak 26.5 and later: {@code AuthzEndpointParParser.getRequestObject(session, requestUri)} (the store key is
 * {@code par:} + the request_uri's reference), called through a method handle so this class loads on 26.4 too.</li>
 * <li>Keycloak 26.4: that method does not exist; the store key is the request_uri's reference itself, as Keycloak
 * 26.4's {@code ParEndpoint} writes it.</li>
 * </ul>
 * Chosen once, by the method's presence, when the executor factory is created.
 */
final class PushedRequestStore {

    private final MethodHandle getRequestObject;

    private PushedRequestStore(MethodHandle getRequestObject) {
        this.getRequestObject = getRequestObject;
    }

    /** The adapter for the Keycloak classes this JVM runs. */
    static PushedRequestStore forRuntime() {
        try {
            return new PushedRequestStore(MethodHandles.publicLookup().findStatic(AuthzEndpointParParser.class,
                    "getRequestObject", MethodType.methodType(Map.class, KeycloakSession.class, String.class)));
        } catch (NoSuchMethodException | IllegalAccessException e) {
            return new PushedRequestStore(null);
        }
    }

    /** Whether Keycloak has the 26.5+ lookup (false on 26.4). */
    boolean keycloakLookup() {
        return getRequestObject != null;
    }

    /** The pushed parameters of {@code requestUri} (which has the PAR prefix), or null when unknown, expired or used. */
    @SuppressWarnings("unchecked")
    Map<String, String> get(KeycloakSession session, String requestUri) {
        if (getRequestObject != null) {
            try {
                return (Map<String, String>) getRequestObject.invokeExact(session, requestUri);
            } catch (RuntimeException | Error e) {
                throw e;
            } catch (Throwable e) {
                throw new IllegalStateException(e);
            }
        }
        return session.singleUseObjects().get(requestUri.substring(ParEndpoint.REQUEST_URI_PREFIX_LENGTH));
    }
}
