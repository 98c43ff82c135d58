package dev.fapikit.policies.par;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

import org.jboss.logging.Logger;
import org.keycloak.OAuth2Constants;
import org.keycloak.OAuthErrorException;
import org.keycloak.jose.jws.JWSInput;
import org.keycloak.jose.jws.JWSInputException;
import org.keycloak.models.KeycloakSession;
import org.keycloak.protocol.oidc.OIDCLoginProtocol;
import org.keycloak.representations.idm.ClientPolicyExecutorConfigurationRepresentation;
import org.keycloak.services.clientpolicy.ClientPolicyContext;
import org.keycloak.services.clientpolicy.ClientPolicyEvent;
import org.keycloak.services.clientpolicy.ClientPolicyException;
import org.keycloak.services.clientpolicy.context.PreAuthorizationRequestContext;

import dev.fapikit.core.policy.ConfiguredExecutor;
import dev.fapikit.policies.PresentedJwt;

/**
 * RFC 9126 §4: the authorization server must check that a PAR {@code request_uri} is presented by the client that pushed
 * it. Reads the pushed request without consuming it and refuses another client's {@code request_uri} with
 * {@code invalid_request_uri}, before any executor parses the pushed request object with the presenting client's keys.
 */
final class ParClientBindingExecutor extends ConfiguredExecutor<ParClientBindingExecutor.Configuration> {

    private static final Logger LOG = Logger.getLogger(ParClientBindingExecutor.class);

    static final String NOT_THIS_CLIENT = "The request_uri was not pushed by this client";
    static final String UNKNOWN = "The request_uri is unknown, expired or already used";

    private final PushedRequestStore pushedRequests;

    ParClientBindingExecutor(KeycloakSession session) {
        this(session, PushedRequestStore.forRuntime());
    }

    ParClientBindingExecutor(KeycloakSession session, PushedRequestStore pushedRequests) {
        super(ParClientBindingExecutorFactory.PROVIDER_ID, Configuration.class, Configuration::new, session);
        this.pushedRequests = pushedRequests;
    }

    /** Settings of one {@value ParClientBindingExecutorFactory#PROVIDER_ID} executor: none yet. */
    public static class Configuration extends ClientPolicyExecutorConfigurationRepresentation {
    }

    @Override
    public void executeOnEvent(ClientPolicyContext context) throws ClientPolicyException {
        if (context.getEvent() != ClientPolicyEvent.PRE_AUTHORIZATION_REQUEST) {
            return;
        }
        PreAuthorizationRequestContext pre = (PreAuthorizationRequestContext) context;
        String requestUri = pre.getRequestParameters() == null ? null
                : pre.getRequestParameters().getFirst(OIDCLoginProtocol.REQUEST_URI_PARAM);
        if (!PresentedJwt.isPushedRequestUri(requestUri)) {
            return; // no PAR request_uri: whether one is required is secure-par-content's decision
        }
        // Read, not remove: the entry stays for the client that pushed it (one-time use is Keycloak's business). The
        // prefix was checked above, so the lookup key is the rest of the value, whatever it is.
        Map<String, String> pushed = pushedRequests.get(session, requestUri);
        if (pushed == null) {
            throw new ClientPolicyException(OAuthErrorException.INVALID_REQUEST_URI, UNKNOWN);
        }
        String presenter = pre.getClientId();
        String pusher = otherPusher(pushed, presenter);
        if (pusher != null) {
            LOG.debugf("request_uri pushed by client '%s' presented by client '%s'", printable(pusher), printable(presenter));
            throw new ClientPolicyException(OAuthErrorException.INVALID_REQUEST_URI, NOT_THIS_CLIENT);
        }
    }

    /**
     * The identities the pushed request names for its client: the {@code client_id} form parameter, the client
     * assertion's {@code iss} and {@code sub} (RFC 7523 §3, verified when it was pushed) and the request object's
     * {@code client_id} and {@code iss} (RFC 9101 §4; an encrypted one is not read).
     *
     * @return the first identity that is not {@code presenter} (also when {@code presenter} is absent), else null
     */
    static String otherPusher(Map<String, String> pushed, String presenter) {
        List<String> names = new ArrayList<>();
        names.add(pushed.get(OIDCLoginProtocol.CLIENT_ID_PARAM));
        JsonNode assertion = claims(pushed.get(OAuth2Constants.CLIENT_ASSERTION));
        names.add(text(assertion, "iss"));
        names.add(text(assertion, "sub"));
        JsonNode requestObject = claims(pushed.get(OIDCLoginProtocol.REQUEST_PARAM));
        names.add(text(requestObject, OIDCLoginProtocol.CLIENT_ID_PARAM));
        names.add(text(requestObject, "iss"));
        for (String name : names) {
            if (name != null && !name.equals(presenter)) {
                return name;
            }
        }
        return null;
    }

    /** The payload of a compact JWS; null for anything else (absent, encrypted, malformed). */
    private static JsonNode claims(String jws) {
        if (jws == null || jws.chars().filter(c -> c == '.').count() != 2) {
            return null;
        }
        try {
            return new JWSInput(jws).readJsonContent(JsonNode.class);
        } catch (JWSInputException | RuntimeException e) {
            return null;
        }
    }

    /** Client ids are client input: no control characters into the log. */
    private static String printable(String value) {
        return value == null ? null : value.replaceAll("\\p{Cntrl}", "?");
    }

    private static String text(JsonNode claims, String name) {
        JsonNode value = claims == null ? null : claims.get(name);
        return value != null && value.isTextual() ? value.asText() : null;
    }
}
