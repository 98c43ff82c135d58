package dev.fapikit.policies.replay;

import static dev.fapikit.core.fuzz.Invariant.check;

import java.util.List;

import jakarta.ws.rs.core.MultivaluedHashMap;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import com.fasterxml.jackson.databind.JsonNode;

import dev.fapikit.policies.ExecutorSettings;
import dev.fapikit.policies.FakeSession;

import org.keycloak.OAuthErrorException;
import org.keycloak.protocol.oidc.endpoints.request.AuthzEndpointRequestParser;
import org.keycloak.protocol.oidc.grants.ciba.clientpolicy.context.BackchannelAuthenticationRequestContext;
import org.keycloak.protocol.oidc.grants.ciba.endpoints.request.BackchannelAuthenticationEndpointRequestParser;
import org.keycloak.protocol.oidc.par.clientpolicy.context.PushedAuthorizationRequestContext;
import org.keycloak.services.clientpolicy.ClientPolicyContext;
import org.keycloak.services.clientpolicy.ClientPolicyException;
import org.keycloak.services.clientpolicy.context.AuthorizationRequestContext;
import org.keycloak.util.JsonSerialization;

/**
 * The whole fapi-kit-request-object-replay executor over any claim set Keycloak hands it after verifying a request
 * object (RFC 9101 §4, pushed per RFC 9126) or a signed CIBA authentication request (CIBA Core 1.0 §7.1.1), with
 * require-jti off and on, at the authorization endpoint, the PAR endpoint and the backchannel endpoint. For any claims:
 * accepted, or refused with a {@link ClientPolicyException} carrying the OAuth error of RFC 9101 §6.3
 * ({@code invalid_request_object}) or CIBA Core §13 ({@code invalid_request}), never another exception; a usable
 * {@code jti} is accepted once, remembered for 1 second to max-lifetime, and refused when it comes again within that
 * time (the single-use store never expires here); a {@code jti} that is present but not a non-empty string is refused
 * (RFC 7519 §4.1.7) with or without require-jti; without one, nothing is remembered and only require-jti refuses.
 */
class RequestObjectClaimsFuzzTest {

    private static final int MAX = 3600;

    /** Where Keycloak leaves the verified claims, and the error a refusal there names. */
    private record Endpoint(String name, String attribute, String error) {
        ClientPolicyContext context() {
            return switch (name) {
                case "authorization" -> new AuthorizationRequestContext(null, null, null, new MultivaluedHashMap<>(), null);
                case "par" -> new PushedAuthorizationRequestContext(null, null, new MultivaluedHashMap<>());
                default -> new BackchannelAuthenticationRequestContext(null, null, new MultivaluedHashMap<>());
            };
        }
    }

    private static final List<Endpoint> ENDPOINTS = List.of(
            new Endpoint("authorization", AuthzEndpointRequestParser.AUTHZ_REQUEST_OBJECT, OAuthErrorException.INVALID_REQUEST_OBJECT),
            new Endpoint("par", AuthzEndpointRequestParser.AUTHZ_REQUEST_OBJECT, OAuthErrorException.INVALID_REQUEST_OBJECT),
            new Endpoint("ciba", BackchannelAuthenticationEndpointRequestParser.CIBA_SIGNED_AUTHENTICATION_REQUEST,
                    OAuthErrorException.INVALID_REQUEST));

    @FuzzTest(maxDuration = "30s")
    void claimsAreAcceptedOnceOrRefusedWithAnOAuthError(FuzzedDataProvider data) {
        String json = data.consumeRemainingAsString();
        JsonNode claims;
        try {
            claims = JsonSerialization.readValue(json, JsonNode.class);
        } catch (java.io.IOException notJson) {
            return; // Keycloak refuses a request object whose payload is not JSON before the executor runs
        }
        JsonNode jti = claims == null ? null : claims.get("jti");
        boolean requestObject = claims != null && !claims.isEmpty();
        boolean usableJti = requestObject && jti != null && jti.isTextual() && !jti.asText().isEmpty();
        boolean malformedJti = requestObject && jti != null && !jti.isNull() && !usableJti;
        for (Endpoint endpoint : ENDPOINTS) {
            for (boolean requireJti : new boolean[] {false, true}) {
                FakeSession cluster = new FakeSession().attribute(endpoint.attribute(), claims);
                String first = outcome(cluster, endpoint, requireJti);
                String where = endpoint.name() + (requireJti ? ", require-jti" : "") + ": " + json;
                if (usableJti) {
                    check(first.equals("accepted"), "a fresh jti is accepted", where + " → " + first);
                    check(cluster.singleUse.size() == 1, "the jti is remembered", where);
                    long lifespan = cluster.singleUse.values().iterator().next();
                    check(lifespan >= 1 && lifespan <= MAX, "remembered 1.." + MAX + " seconds", where + " → " + lifespan);
                    String again = outcome(cluster, endpoint, requireJti);
                    check(again.equals("refused:" + endpoint.error()), "the same jti again is refused", where + " → " + again);
                } else {
                    String expected = requestObject && (requireJti || malformedJti) ? "refused:" + endpoint.error() : "accepted";
                    check(first.equals(expected), "a malformed jti is refused; without a jti only require-jti refuses", where + " → " + first);
                    check(cluster.singleUse.isEmpty(), "nothing remembered without a jti", where);
                }
            }
        }
    }

    /** One request on its own session of the shared store: "accepted" or "refused:" and the OAuth error. */
    private static String outcome(FakeSession cluster, Endpoint endpoint, boolean requireJti) {
        RequestObjectReplayExecutor executor = new RequestObjectReplayExecutor(cluster.session());
        executor.setupConfiguration(ExecutorSettings.read(RequestObjectReplayExecutor.Configuration.class,
                RequestObjectReplayExecutorFactory.REQUIRE_JTI, requireJti, RequestObjectReplayExecutorFactory.MAX_LIFETIME, MAX));
        try {
            executor.executeOnEvent(endpoint.context());
            return "accepted";
        } catch (ClientPolicyException e) {
            check(e.getErrorDetail() != null && !e.getErrorDetail().isBlank(), "a refusal says why", endpoint.name());
            return "refused:" + e.getError();
        }
    }
}
