package dev.fapikit.it.policies;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jwt.JWTClaimsSet;
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
 * {@code fapi-kit-request-object-replay}: a request object {@code jti} is single-use for its lifetime (RFC 7519
 * §4.1.7) at PAR, at the authorization endpoint and at the CIBA backchannel authentication endpoint (CIBA Core §7.1.1).
 */
@FapiKitServer
class RequestObjectReplayIT {

    static final String REDIRECT = "https://client.example.org/cb";
    static PolicyRealm realm;
    static ClientCert key;

    @BeforeAll
    static void setUp(FapiKit kit) {
        key = kit.pki().issueClient("replay-client", "CN=replay-client");
        realm = PolicyRealm.create(kit, "replay").policyForAllClients("replay",
                PolicyRealm.executor("fapi-kit-request-object-replay", Map.of()));
        HttpResponse<String> r = realm.createClient(Map.of("clientId", "ro", "clientAuthenticatorType", "client-jwt",
                "standardFlowEnabled", true, "redirectUris", List.of(REDIRECT),
                "attributes", Map.of("jwt.credential.certificate", key.certificateBase64(),
                        "request.object.signature.alg", "PS256", "token.endpoint.auth.signing.alg", "PS256",
                        "oidc.ciba.grant.enabled", "true", "ciba.backchannel.token.delivery.mode", "poll",
                        "ciba.backchannel.auth.request.signing.alg", "PS256")));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        HttpResponse<String> user = kit.admin().post("realms/" + realm.name + "/users", Map.of("username", "alice",
                "email", "alice@example.org", "firstName", "Alice", "lastName", "Example", "enabled", true));
        assertThat(user.statusCode()).as(user.body()).isEqualTo(201);
    }

    @AfterAll
    static void tearDown() {
        realm.delete();
    }

    static String clientAssertion() {
        return Jose.clientAssertion(key, "ro", realm.issuer());
    }

    static String requestObject(String jti) {
        Instant now = Instant.now();
        return Jose.sign(key, JWSAlgorithm.PS256, new JWTClaimsSet.Builder().issuer("ro").audience(realm.issuer())
                .claim("client_id", "ro").claim("response_type", "code").claim("redirect_uri", REDIRECT)
                .claim("scope", "openid").claim("state", "s-" + jti).claim("nonce", "n-" + jti).jwtID(jti)
                .issueTime(Date.from(now)).notBeforeTime(Date.from(now)).expirationTime(Date.from(now.plusSeconds(300))).build());
    }

    static HttpResponse<String> par(FapiKit kit, String requestObject) {
        return Http.postForm(kit.http(null), realm.oidcUrl() + "/ext/par/request", Http.params("client_id", "ro",
                "request", requestObject, "client_assertion_type", Jose.CLIENT_ASSERTION_TYPE,
                "client_assertion", clientAssertion()));
    }

    static HttpResponse<String> authorize(FapiKit kit, String query) {
        return Http.get(kit.http(null), realm.oidcUrl() + "/auth?client_id=ro&" + query);
    }

    @Test
    @DisplayName("PAR: a request object is accepted once; pushing it again is invalid_request_object")
    void replayAtParRefused(FapiKit kit) {
        String requestObject = requestObject(Jose.randomId());
        HttpResponse<String> first = par(kit, requestObject);
        assertThat(first.statusCode()).as(first.body()).isEqualTo(201);
        HttpResponse<String> replay = par(kit, requestObject);
        assertThat(replay.statusCode()).as(replay.body()).isEqualTo(400);
        assertThat(Http.json(replay).get("error").asText()).isEqualTo("invalid_request_object");
        assertThat(Http.json(replay).get("error_description").asText()).contains("replayed");
    }

    @Test
    @DisplayName("PAR then the authorization endpoint: the pushed request_uri may be opened twice; its request object sent directly is a replay")
    void pushedRequestUriIsNotAReplay(FapiKit kit) {
        String requestObject = requestObject(Jose.randomId());
        HttpResponse<String> pushed = par(kit, requestObject);
        assertThat(pushed.statusCode()).as(pushed.body()).isEqualTo(201);
        String requestUri = Http.json(pushed).get("request_uri").asText();
        for (int visit = 0; visit < 2; visit++) {
            HttpResponse<String> page = kit.browser().open(realm.oidcUrl() + "/auth?client_id=ro&request_uri="
                    + Http.enc(requestUri), kit.baseUrl());
            assertThat(page.statusCode()).as("visit %d: %s %s", visit, page.headers().map(), page.body()).isEqualTo(200);
            assertThat(page.body()).contains("login-actions/authenticate");
        }
        HttpResponse<String> direct = authorize(kit, "response_type=code&scope=openid&redirect_uri=" + Http.enc(REDIRECT)
                + "&request=" + Http.enc(requestObject));
        assertThat(direct.statusCode()).isEqualTo(302);
        String location = direct.headers().firstValue("Location").orElseThrow();
        assertThat(location).startsWith(REDIRECT);
        assertThat(Http.urlParams(location)).containsEntry("error", "invalid_request_object");
    }

    @Test
    @DisplayName("authorization endpoint: a request object passed by value is accepted once")
    void replayAtAuthorizationEndpointRefused(FapiKit kit) {
        String query = "response_type=code&scope=openid&redirect_uri=" + Http.enc(REDIRECT)
                + "&request=" + Http.enc(requestObject(Jose.randomId()));
        HttpResponse<String> first = authorize(kit, query);
        assertThat(first.statusCode()).as(first.body()).isEqualTo(200);
        HttpResponse<String> replay = authorize(kit, query);
        assertThat(replay.statusCode()).isEqualTo(302);
        assertThat(Http.urlParams(replay.headers().firstValue("Location").orElseThrow()))
                .containsEntry("error", "invalid_request_object");
    }

    @Test
    @DisplayName("CIBA: a replayed signed authentication request is invalid_request")
    void replayAtCibaRefused(FapiKit kit) {
        Instant now = Instant.now();
        String signed = Jose.sign(key, JWSAlgorithm.PS256, new JWTClaimsSet.Builder().issuer("ro").audience(realm.issuer())
                .claim("scope", "openid").claim("login_hint", "alice").claim("binding_message", "W4SCT")
                .jwtID(Jose.randomId()).issueTime(Date.from(now)).notBeforeTime(Date.from(now))
                .expirationTime(Date.from(now.plusSeconds(300))).build());
        Map<String, String> form = Http.params("client_id", "ro", "request", signed,
                "client_assertion_type", Jose.CLIENT_ASSERTION_TYPE, "client_assertion", clientAssertion());
        HttpResponse<String> first = Http.postForm(kit.http(null), realm.oidcUrl() + "/ext/ciba/auth", form);
        // without an authentication device configured the first request may fail after the policies ran (503)
        assertThat(first.body()).doesNotContain("replayed");
        form.put("client_assertion", clientAssertion());
        HttpResponse<String> replay = Http.postForm(kit.http(null), realm.oidcUrl() + "/ext/ciba/auth", form);
        assertThat(replay.statusCode()).as(replay.body()).isEqualTo(400);
        assertThat(Http.json(replay).get("error").asText()).isEqualTo("invalid_request");
        assertThat(Http.json(replay).get("error_description").asText()).contains("replayed");
    }
}
