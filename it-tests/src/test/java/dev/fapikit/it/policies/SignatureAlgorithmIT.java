package dev.fapikit.it.policies;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import dev.fapikit.it.harness.ClientCert;
import dev.fapikit.it.harness.FapiKit;
import dev.fapikit.it.harness.FapiKitServer;
import dev.fapikit.it.harness.Http;
import dev.fapikit.it.harness.Jose;

/**
 * {@code fapi-kit-signature-algorithm} with its default allow-list (PS256, ES256; FAPI 1.0 Part 2 §8.6, FAPI 2.0 SP
 * §5.4.1-1) at registration, at request time, and in the realm's discovery document.
 */
@FapiKitServer
class SignatureAlgorithmIT {

    static final String REDIRECT = "https://client.example.org/cb";
    static PolicyRealm realm;
    static ClientCert legacyKey;

    /** A client registered before the policy existed: it has no algorithm attributes at all. */
    @BeforeAll
    static void setUp(FapiKit kit) {
        legacyKey = kit.pki().issueClient("legacy-alg", "CN=legacy-alg");
        realm = PolicyRealm.create(kit, "algs");
        HttpResponse<String> legacy = realm.createClient(Map.of("clientId", "legacy", "clientAuthenticatorType", "client-jwt",
                "serviceAccountsEnabled", true, "standardFlowEnabled", true, "redirectUris", List.of(REDIRECT),
                "attributes", Map.of("jwt.credential.certificate", legacyKey.certificateBase64())));
        assertThat(legacy.statusCode()).as(legacy.body()).isEqualTo(201);
        realm.policyForAllClients("algs", PolicyRealm.executor("fapi-kit-signature-algorithm", Map.of()));
    }

    @AfterAll
    static void tearDown() {
        realm.delete();
    }

    static String assertion(JWSAlgorithm alg) {
        Instant now = Instant.now();
        return Jose.sign(legacyKey, alg, new JWTClaimsSet.Builder().issuer("legacy").subject("legacy").audience(realm.issuer())
                .jwtID(Jose.randomId()).issueTime(Date.from(now)).expirationTime(Date.from(now.plusSeconds(60))).build());
    }

    static JWTClaimsSet requestObjectClaims() {
        Instant now = Instant.now();
        return new JWTClaimsSet.Builder().issuer("legacy").audience(realm.issuer()).claim("client_id", "legacy")
                .claim("response_type", "code").claim("redirect_uri", REDIRECT).claim("scope", "openid")
                .claim("state", Jose.randomId()).claim("nonce", Jose.randomId()).jwtID(Jose.randomId())
                .issueTime(Date.from(now)).notBeforeTime(Date.from(now)).expirationTime(Date.from(now.plusSeconds(300))).build();
    }

    static HttpResponse<String> par(FapiKit kit, String requestObject) {
        return Http.postForm(kit.http(null), realm.oidcUrl() + "/ext/par/request", Http.params("client_id", "legacy",
                "request", requestObject, "client_assertion_type", Jose.CLIENT_ASSERTION_TYPE,
                "client_assertion", assertion(JWSAlgorithm.PS256)));
    }

    @Test
    @DisplayName("registration: missing algorithms are filled with PS256, JARM and CIBA included; userinfo is left unsigned")
    void missingAlgorithmsFilled() {
        HttpResponse<String> r = realm.createClient(Map.of("clientId", "fresh", "clientAuthenticatorType", "client-jwt"));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        JsonNode attributes = realm.client("fresh").get("attributes");
        for (String attribute : List.of("request.object.signature.alg", "authorization.signed.response.alg",
                "ciba.backchannel.auth.request.signing.alg", "token.endpoint.auth.signing.alg", "id.token.signed.response.alg",
                "access.token.signed.response.alg")) {
            assertThat(attributes.path(attribute).asText()).as(attribute).isEqualTo("PS256");
        }
        assertThat(attributes.has("user.info.response.signature.alg")).as("userinfo stays JSON unless asked").isFalse();
    }

    @Test
    @DisplayName("registration: RS256 and none request objects, PS384 JARM are refused with invalid_client_metadata")
    void otherAlgorithmsRefused() {
        for (Map.Entry<String, String> attribute : Map.of("request.object.signature.alg", "RS256",
                "authorization.signed.response.alg", "PS384").entrySet()) {
            HttpResponse<String> r = realm.createClient(Map.of("clientId", "bad-" + attribute.getValue(),
                    "attributes", Map.of(attribute.getKey(), attribute.getValue())));
            assertThat(r.statusCode()).as(r.body()).isEqualTo(400);
            assertThat(Http.json(r).get("error").asText()).isEqualTo("invalid_client_metadata");
            assertThat(Http.json(r).get("error_description").asText()).contains(attribute.getKey(), attribute.getValue());
        }
        HttpResponse<String> none = realm.createClient(Map.of("clientId", "bad-none",
                "attributes", Map.of("request.object.signature.alg", "none")));
        assertThat(none.statusCode()).as(none.body()).isEqualTo(400);
    }

    @Test
    @DisplayName("request time: an unsigned (alg=none) request object at PAR is invalid_request_object")
    void unsignedRequestObjectRefused(FapiKit kit) {
        HttpResponse<String> r = par(kit, new PlainJWT(requestObjectClaims()).serialize());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(400);
        assertThat(Http.json(r).get("error").asText()).isEqualTo("invalid_request_object");
        assertThat(Http.json(r).get("error_description").asText()).contains("'none'");
    }

    @Test
    @DisplayName("request time: an RS256 request object at PAR is invalid_request_object; PS256 is accepted")
    void rs256RequestObjectRefused(FapiKit kit) {
        HttpResponse<String> r = par(kit, Jose.sign(legacyKey, JWSAlgorithm.RS256, requestObjectClaims()));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(400);
        assertThat(Http.json(r).get("error").asText()).isEqualTo("invalid_request_object");
        assertThat(Http.json(r).get("error_description").asText()).contains("'RS256'");
        HttpResponse<String> ok = par(kit, Jose.sign(legacyKey, JWSAlgorithm.PS256, requestObjectClaims()));
        assertThat(ok.statusCode()).as(ok.body()).isEqualTo(201);
    }

    @Test
    @DisplayName("request time: an RS256 client assertion is invalid_client; PS256 gets a token")
    void rs256ClientAssertionRefused(FapiKit kit) {
        HttpResponse<String> r = Http.postForm(kit.http(null), realm.oidcUrl() + "/token", Http.params("grant_type",
                "client_credentials", "client_id", "legacy", "client_assertion_type", Jose.CLIENT_ASSERTION_TYPE,
                "client_assertion", assertion(JWSAlgorithm.RS256)));
        // 400 whichever refuses it: the client assertion validator (an algorithm other than the client's
        // token.endpoint.auth.signing.alg) or the policy at SERVICE_ACCOUNT_TOKEN_REQUEST (answered 400 by Keycloak)
        assertThat(r.statusCode()).as(r.body()).isEqualTo(400);
        assertThat(Http.json(r).get("error").asText()).isEqualTo("invalid_client");
        HttpResponse<String> ok = Http.postForm(kit.http(null), realm.oidcUrl() + "/token", Http.params("grant_type",
                "client_credentials", "client_id", "legacy", "client_assertion_type", Jose.CLIENT_ASSERTION_TYPE,
                "client_assertion", assertion(JWSAlgorithm.PS256)));
        assertThat(ok.statusCode()).as(ok.body()).isEqualTo(200);
    }

    @Test
    @DisplayName("discovery: every signing list equals the policy's PS256 and ES256; a realm without it lists no 'none' request objects")
    void discoveryMatchesPolicy(FapiKit kit) {
        JsonNode metadata = Http.json(Http.get(kit.http(null), realm.issuer() + "/.well-known/openid-configuration"));
        for (String list : List.of("request_object_signing_alg_values_supported", "token_endpoint_auth_signing_alg_values_supported",
                "id_token_signing_alg_values_supported", "userinfo_signing_alg_values_supported",
                "authorization_signing_alg_values_supported", "backchannel_authentication_request_signing_alg_values_supported",
                "introspection_endpoint_auth_signing_alg_values_supported")) {
            assertThat(Http.JSON.convertValue(metadata.get(list), List.class)).as(list).containsExactlyInAnyOrder("PS256", "ES256");
        }
        JsonNode rfc8414 = Http.json(Http.get(kit.http(null), kit.baseUrl() + "/.well-known/oauth-authorization-server/realms/" + realm.name));
        assertThat(Http.JSON.convertValue(rfc8414.get("request_object_signing_alg_values_supported"), List.class))
                .containsExactlyInAnyOrder("PS256", "ES256");

        JsonNode stock = Http.json(Http.get(kit.http(null), kit.realmUrl("master") + "/.well-known/openid-configuration"));
        assertThat(Http.JSON.convertValue(stock.get("request_object_signing_alg_values_supported"), List.class))
                .doesNotContain("none").contains("RS256", "PS256");
    }
}
