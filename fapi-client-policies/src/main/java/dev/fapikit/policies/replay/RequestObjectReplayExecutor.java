package dev.fapikit.policies.replay;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;

import dev.fapikit.policies.PresentedJwt;

import dev.fapikit.core.policy.ConfiguredExecutor;

import org.keycloak.OAuthErrorException;
import org.keycloak.common.util.Time;
import org.keycloak.models.ClientModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.SingleUseObjectProvider;
import org.keycloak.protocol.oidc.OIDCLoginProtocol;
import org.keycloak.protocol.oidc.endpoints.request.AuthzEndpointRequestParser;
import org.keycloak.protocol.oidc.grants.ciba.endpoints.request.BackchannelAuthenticationEndpointRequestParser;
import org.keycloak.representations.idm.ClientPolicyExecutorConfigurationRepresentation;
import org.keycloak.services.clientpolicy.ClientPolicyContext;
import org.keycloak.services.clientpolicy.ClientPolicyException;
import org.keycloak.services.clientpolicy.context.AuthorizationRequestContext;

/** Accepts each request object {@code jti} once for the request object's lifetime. */
final class RequestObjectReplayExecutor extends ConfiguredExecutor<RequestObjectReplayExecutor.Configuration> {

    static final String KEY_PREFIX = "fapi-kit.request-object-jti.";

    RequestObjectReplayExecutor(KeycloakSession session) {
        super(RequestObjectReplayExecutorFactory.PROVIDER_ID, Configuration.class, Configuration::new, session);
    }

    /** Settings of one {@value RequestObjectReplayExecutorFactory#PROVIDER_ID} executor in a client profile. */
    public static class Configuration extends ClientPolicyExecutorConfigurationRepresentation {

        @JsonProperty(RequestObjectReplayExecutorFactory.REQUIRE_JTI)
        private Boolean requireJti;

        @JsonProperty(RequestObjectReplayExecutorFactory.MAX_LIFETIME)
        private Integer maxLifetime;

        public boolean requireJti() {
            return requireJti == null ? RequestObjectReplayExecutorFactory.DEFAULT_REQUIRE_JTI : requireJti;
        }

        public int maxLifetime() {
            return maxLifetime == null || maxLifetime < 1 ? RequestObjectReplayExecutorFactory.DEFAULT_MAX_LIFETIME : maxLifetime;
        }
    }

    @Override
    public void executeOnEvent(ClientPolicyContext context) throws ClientPolicyException {
        switch (context.getEvent()) {
            case AUTHORIZATION_REQUEST -> {
                // RFC 9126 §4: the request object behind a PAR request_uri was consumed when it was pushed, and the
                // request_uri may be visited again before the authorization completes.
                String requestUri = ((AuthorizationRequestContext) context).getRequestParameters().getFirst(OIDCLoginProtocol.REQUEST_URI_PARAM);
                if (!PresentedJwt.isPushedRequestUri(requestUri)) {
                    consume(requestObjectClaims(AuthzEndpointRequestParser.AUTHZ_REQUEST_OBJECT), PresentedJwt.Kind.REQUEST_OBJECT);
                }
            }
            case PUSHED_AUTHORIZATION_REQUEST ->
                    consume(requestObjectClaims(AuthzEndpointRequestParser.AUTHZ_REQUEST_OBJECT), PresentedJwt.Kind.REQUEST_OBJECT);
            case BACKCHANNEL_AUTHENTICATION_REQUEST ->
                    consume(requestObjectClaims(BackchannelAuthenticationEndpointRequestParser.CIBA_SIGNED_AUTHENTICATION_REQUEST),
                            PresentedJwt.Kind.CIBA_REQUEST);
            default -> {
            }
        }
    }

    /** The claims Keycloak verified and parsed from the request object, if the request carried one. */
    private JsonNode requestObjectClaims(String sessionAttribute) {
        return session.getAttribute(sessionAttribute, JsonNode.class);
    }

    private void consume(JsonNode claims, PresentedJwt.Kind kind) throws ClientPolicyException {
        if (claims == null || claims.isEmpty()) {
            return; // no request object: whether one is required is secure-request-object's decision
        }
        JsonNode jti = claims.get("jti");
        if (jti == null || jti.isNull()) {
            if (configuration.requireJti()) {
                throw kind.refusal("has no 'jti' claim");
            }
            return;
        }
        // RFC 7519 §4.1.7: jti is a case-sensitive string; anything else (an object, a number, "") is not a jti, and
        // is refused rather than treated as absent, so a replay cannot hide behind a malformed one.
        if (!jti.isTextual() || jti.asText().isEmpty()) {
            throw kind.refusal("has a 'jti' claim that is not a non-empty string");
        }
        ClientModel client = session.getContext().getClient();
        String key = key(session.getContext().getRealm().getId(), client == null ? "" : client.getClientId(), jti.asText());
        long lifespan = lifespan(claims.get("exp"), Time.currentTime(), configuration.maxLifetime());
        if (session.getAttribute(key) != null) {
            return; // consumed by this very request: several policies can carry this executor
        }
        SingleUseObjectProvider store = session.singleUseObjects();
        if (!store.putIfAbsent(key, lifespan)) {
            throw kind.refusal("has already been used (replayed 'jti')");
        }
        session.setAttribute(key, Boolean.TRUE);
    }

    /** Remember the jti until the request object expires (it is refused afterwards anyway), at most {@code max}. */
    static long lifespan(JsonNode exp, long now, int max) {
        if (exp == null || !exp.canConvertToLong()) {
            return max;
        }
        return Math.max(1, Math.min(max, exp.asLong() - now + 1));
    }

    /** RFC 7519 §4.1.7: a jti is unique per issuer, i.e. per client of a realm. Hashed: jti values are client input. */
    static String key(String realmId, String clientId, String jti) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest((realmId + '\n' + clientId + '\n' + jti).getBytes(StandardCharsets.UTF_8));
            return KEY_PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is a mandatory JCA algorithm", e);
        }
    }
}
