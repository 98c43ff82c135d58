package dev.fapikit.it.ciba;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jwt.JWTClaimsSet;
import org.bouncycastle.asn1.x509.GeneralName;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import dev.fapikit.it.harness.ClientCert;
import dev.fapikit.it.harness.FapiKit;
import dev.fapikit.it.harness.FapiKitServer;
import dev.fapikit.it.harness.Http;
import dev.fapikit.it.harness.Jose;
import dev.fapikit.it.harness.TestPki.CertSpec;

/**
 * RFC 8705 §3 for the CIBA grant in its three delivery modes (CIBA Core 1.0 §10.1 poll, §10.2 ping, §10.3 push), as
 * {@code mtls/CertificateBindingIT} shows it for the authorization code and client credentials grants: the client
 * authenticates with {@code tls_client_auth} by SAN, and A and B are two valid certificates of it (same CA, same SAN),
 * so client authentication passes with either and only the binding decides. Poll and ping tokens are bound to A at
 * the token request with A; pushed tokens to A presented at the backchannel request. With B they are refused at
 * userinfo, refresh and revocation (Keycloak's {@code holder-of-key-enforcer} executor in a client policy, as in the
 * FAPI profiles), and introspection returns the {@code cnf} of A (RFC 8705 §3.2).
 */
@FapiKitServer
@DisplayName("certificate-bound CIBA tokens, poll, ping and push (RFC 8705 §3)")
class CibaCertificateBindingIT {

    private static final String SAN = "ciba-bound.example.org";
    /** The client policy applies to clients with this client role. */
    private static final String BOUND_ROLE = "certificate-bound";

    enum Mode { POLL, PING, PUSH }

    private static CibaRealm realm;
    private static ClientCert certA;
    private static ClientCert certB;

    @BeforeAll
    static void realm(FapiKit kit) {
        realm = CibaRealm.create(kit, "ciba-bound");
        assertThat(kit.admin().put("realms/" + realm.name + "/client-policies/profiles", Map.of("profiles", List.of(Map.of(
                "name", "hok", "executors", List.of(Map.of("executor", "holder-of-key-enforcer",
                        "configuration", Map.of("auto-configure", "true"))))))).statusCode()).isEqualTo(204);
        // only the bound CIBA clients: the realm's authenticator app signs users in without a certificate
        assertThat(kit.admin().put("realms/" + realm.name + "/client-policies/policies", Map.of("policies", List.of(Map.of(
                "name", "hok", "enabled", true, "profiles", List.of("hok"), "conditions", List.of(Map.of(
                        "condition", "client-roles", "configuration", Map.of("roles", List.of(BOUND_ROLE)))))))).statusCode())
                .isEqualTo(204);
        certA = kit.pki().issue(CertSpec.named("ciba-bound-a").san(new GeneralName(GeneralName.dNSName, SAN)));
        certB = kit.pki().issue(CertSpec.named("ciba-bound-b").san(new GeneralName(GeneralName.dNSName, SAN)));
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Mode.class)
    @DisplayName("a token bound to A is refused with B at userinfo, refresh and revocation; introspection shows A")
    void boundTokenRefusedWithAnotherCertificate(Mode mode, FapiKit kit) throws Exception {
        try (HttpsReceiver receiver = new HttpsReceiver(kit)) {
            String clientId = boundClient(kit, mode, receiver.url("/notify"));
            HttpClient withA = kit.http(certA);
            HttpClient withB = kit.http(certB);
            String oidc = realm.oidc();

            // CIBA Core §7.1 with A
            String bindingMessage = "BOUND-" + mode;
            Map<String, String> request = new LinkedHashMap<>(Http.params("client_id", clientId, "scope", "openid",
                    "login_hint", "alice", "binding_message", bindingMessage));
            if (mode != Mode.POLL) request.put("client_notification_token", "cnt-bound-" + mode);
            HttpResponse<String> started = postForm(withA, oidc + "/ext/ciba/auth", request);
            assertThat(started.statusCode()).as(started.body()).isEqualTo(200);
            String authReqId = Http.json(started).get("auth_req_id").asText();
            approve(bindingMessage);
            JsonNode tokens;
            if (mode == Mode.PUSH) {
                // §10.3: the token result arrives at the notification endpoint, bound to the backchannel request's A
                // (regression: the policy's certificate check ran on the approver's connection, and the client got
                // transaction_failed for every approval)
                HttpsReceiver.Received pushed = receiver.await(1, 10).get(0);
                assertThat(pushed.header("Authorization")).isEqualTo("Bearer cnt-bound-" + mode);
                tokens = Http.JSON.readTree(pushed.body());
                assertThat(tokens.get("auth_req_id").asText()).isEqualTo(authReqId);
                assertThat(boundThumbprint(kit, tokens)).isEqualTo(certA.x5tS256());
            } else {
                if (mode == Mode.PING) {
                    // §10.2: the ping client learns of the decision, then fetches the tokens
                    HttpsReceiver.Received ping = receiver.await(1, 10).get(0);
                    assertThat(ping.header("Authorization")).isEqualTo("Bearer cnt-bound-" + mode);
                }
                HttpResponse<String> issued = postForm(withA, oidc + "/token",
                        Http.params("grant_type", CibaRealm.CIBA_GRANT, "auth_req_id", authReqId, "client_id", clientId));
                assertThat(boundThumbprint(kit, issued)).isEqualTo(certA.x5tS256());
                tokens = Http.json(issued);
            }
            String accessToken = tokens.get("access_token").asText();
            String refreshToken = tokens.get("refresh_token").asText();

            // userinfo: RFC 8705 §3 — the protected resource compares the presented certificate with cnf
            assertThat(get(withB, oidc + "/userinfo", "Authorization", "Bearer " + accessToken).statusCode()).isEqualTo(401);
            assertThat(get(withA, oidc + "/userinfo", "Authorization", "Bearer " + accessToken).statusCode()).isEqualTo(200);

            // introspection: the client authenticates with B and learns that the token is bound to A
            HttpResponse<String> introspection = postForm(withB, oidc + "/token/introspect",
                    Http.params("token", accessToken, "client_id", clientId));
            assertThat(introspection.statusCode()).as(introspection.body()).isEqualTo(200);
            JsonNode introspected = Http.json(introspection);
            assertThat(introspected.get("active").asBoolean()).as(introspection.body()).isTrue();
            assertThat(introspected.get("cnf").get("x5t#S256").asText()).isEqualTo(certA.x5tS256()).isNotEqualTo(certB.x5tS256());

            // refresh: the refresh token is bound too (RFC 8705 §3 / FAPI 1.0 Part 2 §5.2.2-6)
            HttpResponse<String> refreshB = postForm(withB, oidc + "/token",
                    Http.params("grant_type", "refresh_token", "refresh_token", refreshToken, "client_id", clientId));
            assertThat(refreshB.statusCode()).as(refreshB.body()).isEqualTo(400);
            assertThat(Http.json(refreshB).get("error").asText()).isEqualTo("invalid_grant");
            HttpResponse<String> refreshA = postForm(withA, oidc + "/token",
                    Http.params("grant_type", "refresh_token", "refresh_token", refreshToken, "client_id", clientId));
            assertThat(boundThumbprint(kit, refreshA)).isEqualTo(certA.x5tS256());
            String newRefreshToken = Http.json(refreshA).get("refresh_token").asText();

            // revocation (RFC 7009) of the bound refresh token: refused with B, so the token still works with A
            HttpResponse<String> revokeB = postForm(withB, oidc + "/revoke",
                    Http.params("token", newRefreshToken, "token_type_hint", "refresh_token", "client_id", clientId));
            assertThat(revokeB.statusCode()).as(revokeB.body()).isEqualTo(401);
            HttpResponse<String> afterRevokeB = postForm(withA, oidc + "/token",
                    Http.params("grant_type", "refresh_token", "refresh_token", newRefreshToken, "client_id", clientId));
            assertThat(boundThumbprint(kit, afterRevokeB)).isEqualTo(certA.x5tS256());
            String lastRefreshToken = Http.json(afterRevokeB).get("refresh_token").asText();
            HttpResponse<String> revokeA = postForm(withA, oidc + "/revoke",
                    Http.params("token", lastRefreshToken, "token_type_hint", "refresh_token", "client_id", clientId));
            assertThat(revokeA.statusCode()).as(revokeA.body()).isEqualTo(200);
            HttpResponse<String> afterRevokeA = postForm(withA, oidc + "/token",
                    Http.params("grant_type", "refresh_token", "refresh_token", lastRefreshToken, "client_id", clientId));
            assertThat(afterRevokeA.statusCode()).as(afterRevokeA.body()).isEqualTo(400);
        }
    }

    @org.junit.jupiter.api.Test
    @DisplayName("private_key_jwt without the certificate: invalid_grant while pending and once approved (not authorization_pending), and the request is not used up")
    void noCertificateRefusedBeforePendingAnswer(FapiKit kit) {
        // the conformance suite's fapi-ciba-id1-ensure-mtls-holder-of-key-required: a valid client assertion, no TLS
        // client certificate, bound tokens required (RFC 8705 §3, FAPI-CIBA §5.2.2 / FAPI 1.0 Part 2 §5.2.2-5)
        String clientId = "ciba-bound-pkj-" + UUID.randomUUID().toString().substring(0, 6);
        HttpResponse<String> created = kit.admin().post("realms/" + realm.name + "/clients", Map.of("clientId", clientId,
                "publicClient", false, "standardFlowEnabled", false, "clientAuthenticatorType", "client-jwt",
                "attributes", Map.of("oidc.ciba.grant.enabled", "true", "ciba.backchannel.token.delivery.mode", "poll",
                        "jwt.credential.certificate", certA.certificateBase64(), "use.jwks.url", "false",
                        "tls.client.certificate.bound.access.tokens", "true")));
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        assertThat(kit.admin().post("realms/" + realm.name + "/clients/" + realm.clientUuid(clientId) + "/roles",
                Map.of("name", BOUND_ROLE)).statusCode()).isEqualTo(201);
        HttpClient withA = kit.http(certA);
        HttpClient without = kit.http(null);
        String oidc = realm.oidc();
        String issuer = kit.realmUrl(realm.name);
        String bindingMessage = "BOUND-PKJ";
        HttpResponse<String> started = postForm(withA, oidc + "/ext/ciba/auth", Http.params("scope", "openid", "login_hint", "alice",
                "binding_message", bindingMessage, "client_assertion_type", Jose.CLIENT_ASSERTION_TYPE,
                "client_assertion", Jose.clientAssertion(certA, clientId, issuer)));
        assertThat(started.statusCode()).as(started.body()).isEqualTo(200);
        String authReqId = Http.json(started).get("auth_req_id").asText();

        HttpResponse<String> pending = postForm(without, oidc + "/token", Http.params("grant_type", CibaRealm.CIBA_GRANT,
                "auth_req_id", authReqId, "client_assertion_type", Jose.CLIENT_ASSERTION_TYPE,
                "client_assertion", Jose.clientAssertion(certA, clientId, issuer)));
        assertThat(pending.statusCode()).as(pending.body()).isEqualTo(400);
        assertThat(Http.json(pending).get("error").asText()).isEqualTo("invalid_grant");

        approve(bindingMessage);
        HttpResponse<String> approvedWithout = postForm(without, oidc + "/token", Http.params("grant_type", CibaRealm.CIBA_GRANT,
                "auth_req_id", authReqId, "client_assertion_type", Jose.CLIENT_ASSERTION_TYPE,
                "client_assertion", Jose.clientAssertion(certA, clientId, issuer)));
        assertThat(approvedWithout.statusCode()).as(approvedWithout.body()).isEqualTo(400);
        assertThat(Http.json(approvedWithout).get("error").asText()).isEqualTo("invalid_grant");

        HttpResponse<String> issued = postForm(withA, oidc + "/token", Http.params("grant_type", CibaRealm.CIBA_GRANT,
                "auth_req_id", authReqId, "client_assertion_type", Jose.CLIENT_ASSERTION_TYPE,
                "client_assertion", Jose.clientAssertion(certA, clientId, issuer)));
        assertThat(boundThumbprint(kit, issued)).isEqualTo(certA.x5tS256());
    }

    /** A CIBA client of {@code mode} with tls_client_auth by SAN, bound tokens and the role the policy selects. */
    private static String boundClient(FapiKit kit, Mode mode, String notificationEndpoint) {
        String clientId = "ciba-bound-" + mode.name().toLowerCase() + "-" + UUID.randomUUID().toString().substring(0, 6);
        Map<String, String> attributes = new LinkedHashMap<>(Map.of("oidc.ciba.grant.enabled", "true",
                "ciba.backchannel.token.delivery.mode", mode.name().toLowerCase(),
                "x509.san.dns", SAN, "tls.client.certificate.bound.access.tokens", "true"));
        if (mode != Mode.POLL) attributes.put("ciba.backchannel.client.notification.endpoint", notificationEndpoint);
        HttpResponse<String> created = kit.admin().post("realms/" + realm.name + "/clients", Map.of("clientId", clientId,
                "publicClient", false, "standardFlowEnabled", false, "clientAuthenticatorType", "client-x509-san",
                "attributes", attributes,
                // the client is also the resource server that introspects its tokens (token audience)
                "protocolMappers", List.of(Map.of("name", "self-audience", "protocol", "openid-connect",
                        "protocolMapper", "oidc-audience-mapper", "config", Map.of("included.client.audience", clientId,
                                "access.token.claim", "true", "introspection.token.claim", "true")))));
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        HttpResponse<String> role = kit.admin().post("realms/" + realm.name + "/clients/" + realm.clientUuid(clientId) + "/roles",
                Map.of("name", BOUND_ROLE));
        assertThat(role.statusCode()).as(role.body()).isEqualTo(201);
        return clientId;
    }

    private static void approve(String bindingMessage) {
        String app = realm.appToken("alice", true);
        HttpResponse<String> r = realm.appPost(app, "/requests/" + realm.pendingId(app, bindingMessage) + "/approve");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    }

    /** RFC 8705 §3.1: {@code cnf.x5t#S256} of the verified access token of a successful token response. */
    private static String boundThumbprint(FapiKit kit, HttpResponse<String> tokenResponse) {
        assertThat(tokenResponse.statusCode()).as(tokenResponse.body()).isEqualTo(200);
        return boundThumbprint(kit, Http.json(tokenResponse));
    }

    private static String boundThumbprint(FapiKit kit, JsonNode tokenResponse) {
        JWTClaimsSet claims = Jose.verify(kit, realm.name, tokenResponse.get("access_token").asText());
        Object thumbprint = claims.getClaim("cnf") instanceof Map<?, ?> cnf ? cnf.get("x5t#S256") : null;
        assertThat(thumbprint).as("cnf of %s", claims).isNotNull();
        return thumbprint.toString();
    }

    // No request in these tests may fail on the server.
    private static HttpResponse<String> postForm(HttpClient http, String url, Map<String, String> params) {
        return no5xx(Http.postForm(http, url, params));
    }

    private static HttpResponse<String> get(HttpClient http, String url, String... headers) {
        return no5xx(Http.get(http, url, headers));
    }

    private static HttpResponse<String> no5xx(HttpResponse<String> response) {
        assertThat(response.statusCode()).as("%s %s → %s", response.request().method(), response.request().uri(),
                response.body()).isLessThan(500);
        return response;
    }
}
