package dev.fapikit.core.registration;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;

import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;

import org.keycloak.services.clientregistration.oidc.OIDCClientRegistrationProvider;

/**
 * Compatibility adapter (Keycloak 26.4 / 26.5+): the calls into Keycloak's {@code OIDCClientRegistrationProvider}
 * whose shape differs between the versions.
 * <ul>
 * <li>Keycloak 26.5 and later: the provider answers CORS preflights ({@code preflight()}, {@code preflightClient()})
 * and {@code deleteOIDC} returns the response (with CORS headers).</li>
 * <li>Keycloak 26.4: no preflight methods (registration has no CORS support: the preflight is answered with the
 * allowed methods only), and {@code deleteOIDC} returns nothing (the response is 204, as Keycloak 26.4 answers).</li>
 * </ul>
 * Chosen once, by the methods' presence, when the registration provider factory is created.
 */
final class KeycloakRegistrationCalls {

    private static final String ALLOWED_METHODS = "GET, POST, PUT, DELETE, OPTIONS";

    private final MethodHandle preflight;
    private final MethodHandle preflightClient;
    private final MethodHandle delete;
    private final boolean deleteReturnsResponse;

    private KeycloakRegistrationCalls(MethodHandle preflight, MethodHandle preflightClient, MethodHandle delete,
            boolean deleteReturnsResponse) {
        this.preflight = preflight;
        this.preflightClient = preflightClient;
        this.delete = delete;
        this.deleteReturnsResponse = deleteReturnsResponse;
    }

    /** The adapter for the Keycloak classes this JVM runs. */
    static KeycloakRegistrationCalls forRuntime() {
        MethodHandles.Lookup lookup = MethodHandles.publicLookup();
        Class<?> type = OIDCClientRegistrationProvider.class;
        MethodHandle preflight = find(lookup, type, "preflight", MethodType.methodType(Response.class));
        MethodHandle preflightClient = find(lookup, type, "preflightClient", MethodType.methodType(Response.class));
        MethodHandle delete = find(lookup, type, "deleteOIDC", MethodType.methodType(Response.class, String.class));
        boolean returnsResponse = delete != null;
        if (delete == null) {
            delete = find(lookup, type, "deleteOIDC", MethodType.methodType(void.class, String.class));
        }
        if (delete == null) {
            throw new IllegalStateException("Keycloak's OIDCClientRegistrationProvider has no deleteOIDC(String)");
        }
        return new KeycloakRegistrationCalls(preflight, preflightClient, delete, returnsResponse);
    }

    private static MethodHandle find(MethodHandles.Lookup lookup, Class<?> type, String name, MethodType methodType) {
        try {
            return lookup.findVirtual(type, name, methodType);
        } catch (NoSuchMethodException | IllegalAccessException e) {
            return null;
        }
    }

    Response preflight(OIDCClientRegistrationProvider keycloak) {
        return preflight == null ? allowedMethods() : (Response) call(preflight, keycloak, null);
    }

    Response preflightClient(OIDCClientRegistrationProvider keycloak) {
        return preflightClient == null ? allowedMethods() : (Response) call(preflightClient, keycloak, null);
    }

    Response delete(OIDCClientRegistrationProvider keycloak, String clientId) {
        Object response = call(delete, keycloak, clientId);
        return deleteReturnsResponse ? (Response) response : Response.noContent().build();
    }

    private static Response allowedMethods() {
        return Response.ok().header(HttpHeaders.ALLOW, ALLOWED_METHODS).build();
    }

    private static Object call(MethodHandle handle, OIDCClientRegistrationProvider keycloak, String clientId) {
        try {
            return clientId == null ? handle.invoke(keycloak) : handle.invoke(keycloak, clientId);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable e) {
            throw new IllegalStateException(e);
        }
    }
}
