package dev.fapikit.it.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jwt.SignedJWT;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import dev.fapikit.it.ciba.CibaRealm;
import dev.fapikit.it.harness.ClientCert;
import dev.fapikit.it.harness.FapiKit;
import dev.fapikit.it.harness.FapiKitServer;
import dev.fapikit.it.harness.Http;

/**
 * ISSUE16 §3 and §6: the authenticator-app API honours certificate binding of the approver's token (RFC 8705 §3, as
 * Keycloak's userinfo does) and compares levels of authentication in one currency (the level the app token stands for
 * under the map it was minted with, against the level the request's client map puts on its acr_values).
 */
@FapiKitServer
@DisplayName("authenticator-app API: token binding and step-up (ISSUE16 §3, §6)")
class ApproverApiSecurityIT {

    private static final String BOUND_APP = "bound-app";

    private static CibaRealm realm;
    private static ClientCert certA;
    private static ClientCert certB;

    @BeforeAll
    static void realm(FapiKit kit) {
        realm = CibaRealm.create(kit, "sec-app");
        HttpResponse<String> created = kit.admin().post("realms/" + realm.name + "/clients", Map.of(
                "clientId", BOUND_APP, "publicClient", true, "standardFlowEnabled", false, "directAccessGrantsEnabled", true,
                "attributes", Map.of("tls.client.certificate.bound.access.tokens", "true")));
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        String scopeId = null;
        for (JsonNode s : kit.admin().get("realms/" + realm.name + "/client-scopes")) {
            if ("fapi-kit-ciba-approver".equals(s.get("name").asText())) scopeId = s.get("id").asText();
        }
        assertThat(kit.admin().put("realms/" + realm.name + "/clients/" + realm.clientUuid(BOUND_APP)
                + "/optional-client-scopes/" + scopeId, null).statusCode()).isEqualTo(204);
        certA = kit.pki().issueClient("approver-app-a", "CN=approver-app-a,O=FAPI Kit Dev");
        certB = kit.pki().issueClient("approver-app-b", "CN=approver-app-b,O=FAPI Kit Dev");
    }

    @Nested
    @DisplayName("Given an approver token bound to certificate A (cnf.x5t#S256)")
    class CertificateBinding {

        @Test
        @DisplayName("without a certificate the API answers 401 invalid_token with an RFC 6750 §3 challenge")
        void boundTokenWithoutCertificateIsRefused() throws Exception {
            String token = boundToken();
            HttpResponse<String> r = get(realm.kit.http(null), token);
            assertThat(r.statusCode()).as(r.body()).isEqualTo(401);
            assertThat(Http.json(r).get("error").asText()).isEqualTo("invalid_token");
            assertThat(r.headers().firstValue("WWW-Authenticate").orElseThrow())
                    .startsWith("Bearer realm=\"" + realm.name + "\"").contains("error=\"invalid_token\"");
            HttpResponse<String> approve = post(realm.kit.http(null), token, "/requests/any/approve");
            assertThat(approve.statusCode()).isEqualTo(401);
        }

        @Test
        @DisplayName("with another certificate B the API answers 401 invalid_token")
        void boundTokenWithAnotherCertificateIsRefused() throws Exception {
            HttpResponse<String> r = get(realm.kit.http(certB), boundToken());
            assertThat(r.statusCode()).as(r.body()).isEqualTo(401);
            assertThat(Http.json(r).get("error").asText()).isEqualTo("invalid_token");
            assertThat(r.headers().firstValue("WWW-Authenticate").orElseThrow()).contains("error=\"invalid_token\"");
        }

        @Test
        @DisplayName("with certificate A the API answers 200 and the request can be decided")
        void boundTokenWithItsCertificateIsAccepted() throws Exception {
            realm.startAs("speaker", "login_hint", "alice", "binding_message", "BOUND-APP");
            String token = boundToken();
            HttpClient withA = realm.kit.http(certA);
            HttpResponse<String> r = get(withA, token);
            assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
            String id = null;
            for (JsonNode req : Http.json(r).get("requests")) {
                if ("BOUND-APP".equals(req.path("binding_message").asText())) id = req.get("id").asText();
            }
            assertThat(id).isNotNull();
            HttpResponse<String> denied = post(withA, token, "/requests/" + id + "/deny");
            assertThat(denied.statusCode()).as(denied.body()).isEqualTo(200);
        }

        /** alice's approver token from {@value #BOUND_APP}, obtained over TLS with certificate A. */
        private String boundToken() throws Exception {
            HttpResponse<String> r = Http.postForm(realm.kit.http(certA), realm.oidc() + "/token", Http.params("grant_type", "password",
                    "client_id", BOUND_APP, "username", "alice", "password", "alice-pw", "scope", "openid fapi-kit-ciba-approver"));
            assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
            String token = Http.json(r).get("access_token").asText();
            @SuppressWarnings("unchecked")
            Map<String, Object> cnf = (Map<String, Object>) SignedJWT.parse(token).getJWTClaimsSet().getClaim("cnf");
            assertThat(cnf).containsEntry("x5t#S256", certA.x5tS256());
            return token;
        }
    }

    @Nested
    @DisplayName("Given a realm acr map and a client acr map that disagree (realm silver=1 gold=2, client silver=2 gold=3)")
    class StepUp {

        @Test
        @DisplayName("alice's password-level app token (acr silver, level 1 in the realm) cannot approve acr_values=silver (level 2 for the client): 403 insufficient_user_authentication")
        void appTokenIsReadWithTheMapItWasMintedWith() throws Exception {
            realm.realmAttributes(Map.of("acr.loa.map", "{\"silver\":1,\"gold\":2}"));
            realm.clientAttributes("speaker", Map.of("acr.loa.map", "{\"silver\":2,\"gold\":3}"));
            try {
                String authReqId = realm.startAs("speaker", "login_hint", "alice", "binding_message", "STEP-SILVER", "acr_values", "silver");
                String app = realm.appToken("alice", true);
                assertThat(SignedJWT.parse(app).getJWTClaimsSet().getStringClaim("acr")).isEqualTo("silver");
                String id = realm.pendingId(app, "STEP-SILVER");

                HttpResponse<String> r = realm.appPost(app, "/requests/" + id + "/approve");
                assertThat(r.statusCode()).as(r.body()).isEqualTo(403);
                assertThat(Http.json(r).get("error").asText()).isEqualTo("insufficient_user_authentication");

                // still pending: the poll (once the polling interval allows it) is not answered with tokens
                assertThat(Http.json(realm.tokenAfterInterval("speaker", authReqId)).get("error").asText()).isEqualTo("authorization_pending");
                assertThat(realm.appPost(app, "/requests/" + id + "/deny").statusCode()).isEqualTo(200);
            } finally {
                realm.clientAttributes("speaker", Map.of("acr.loa.map", ""));
                realm.realmAttributes(Map.of("acr.loa.map", ""));
            }
        }

        @Test
        @DisplayName("a request without acr_values is approved with the same token (no level needed)")
        void noAcrValuesNoLevel() {
            realm.realmAttributes(Map.of("acr.loa.map", "{\"silver\":1,\"gold\":2}"));
            realm.clientAttributes("speaker", Map.of("acr.loa.map", "{\"silver\":2,\"gold\":3}"));
            try {
                realm.startAs("speaker", "login_hint", "alice", "binding_message", "STEP-NONE");
                String app = realm.appToken("alice", true);
                HttpResponse<String> r = realm.appPost(app, "/requests/" + realm.pendingId(app, "STEP-NONE") + "/approve");
                assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
            } finally {
                realm.clientAttributes("speaker", Map.of("acr.loa.map", ""));
                realm.realmAttributes(Map.of("acr.loa.map", ""));
            }
        }
    }

    private static HttpResponse<String> get(HttpClient http, String token) {
        return Http.send(http, HttpRequest.newBuilder(URI.create(realm.appApi() + "/requests"))
                .header("Authorization", "Bearer " + token).GET().build());
    }

    private static HttpResponse<String> post(HttpClient http, String token, String path) {
        return Http.send(http, HttpRequest.newBuilder(URI.create(realm.appApi() + path))
                .header("Authorization", "Bearer " + token).POST(HttpRequest.BodyPublishers.noBody()).build());
    }

}
