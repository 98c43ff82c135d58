package dev.fapikit.it.ciba;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jwt.JWTClaimsSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import dev.fapikit.it.harness.Browser;
import dev.fapikit.it.harness.ClientCert;
import dev.fapikit.it.harness.FapiKit;
import dev.fapikit.it.harness.FapiKitServer;
import dev.fapikit.it.harness.Http;
import dev.fapikit.it.harness.Jose;

/**
 * The FAPI-CIBA profile on the demo {@code fapi-ciba} realm still passes with FAPI Kit's authentication device: a
 * signed authentication request (PS256) with {@code private_key_jwt} over mTLS, binding_message required, approval
 * on the approval page, and a certificate-bound access token.
 */
@FapiKitServer
class CibaFapiProfileIT {

    private static final String REALM = "fapi-ciba";
    private static final String CLIENT = "ciba-poll";

    private static JsonNode discovery;

    @BeforeAll
    static void setUp(FapiKit kit) {
        discovery = Http.json(Http.get(kit.http(null), kit.realmUrl(REALM) + "/.well-known/openid-configuration"));
        // The demo realm file should carry this; set it here when it does not yet.
        ObjectNode realm = (ObjectNode) kit.admin().get("realms/" + REALM);
        if (!realm.path("attributes").has("fapi-kit-ciba-channels")) {
            realm.with("attributes").put("fapi-kit-ciba-channels", "app");
            assertThat(kit.admin().put("realms/" + REALM, realm).statusCode()).isEqualTo(204);
        }
    }

    @Test
    @DisplayName("signed request over mTLS → approval on the page → certificate-bound tokens at the CIBA grant")
    void fapiCibaPollFlow(FapiKit kit) throws Exception {
        String issuer = discovery.get("issuer").asText();
        ClientCert client = kit.demo().get(CLIENT);
        HttpClient mtls = kit.http(client);

        HttpResponse<String> auth = Http.postForm(mtls, discovery.get("backchannel_authentication_endpoint").asText(),
                Http.params("request", signedRequest(client, issuer, "FAPI CIBA 1"),
                        "client_assertion_type", Jose.CLIENT_ASSERTION_TYPE,
                        "client_assertion", Jose.clientAssertion(client, CLIENT, issuer)));
        assertThat(auth.statusCode()).as(auth.body()).isEqualTo(200);
        String authReqId = Http.json(auth).get("auth_req_id").asText();

        Browser browser = kit.browser();
        browser.open(kit.realmUrl(REALM) + "/fapi-kit-ciba/approvals", kit.baseUrl());
        browser.submit("login-actions/authenticate", Map.of("username", "alice", "password", "alice"), kit.baseUrl());
        assertThat(browser.last().body()).contains("FAPI CIBA 1");
        browser.submit("fapi-kit-ciba/approvals/", Map.of("decision", "approve"), kit.baseUrl());
        assertThat(browser.last().body()).contains("id=\"result-approved\"");

        // asked again while the answer is slow_down, for at most the realm's polling interval (5 s) and 2 s more; each
        // request with a new client assertion (its jti is single-use)
        HttpResponse<String> tokens = CibaRealm.afterInterval(Duration.ofSeconds(5), () -> Http.postForm(mtls, discovery.get("token_endpoint").asText(),
                Http.params("grant_type", CibaRealm.CIBA_GRANT, "auth_req_id", authReqId,
                        "client_assertion_type", Jose.CLIENT_ASSERTION_TYPE,
                        "client_assertion", Jose.clientAssertion(client, CLIENT, issuer))));
        assertThat(tokens.statusCode()).as(tokens.body()).isEqualTo(200);
        JWTClaimsSet access = Jose.verify(kit, REALM, Http.json(tokens).get("access_token").asText());
        assertThat(access.getJSONObjectClaim("cnf")).containsEntry("x5t#S256", client.x5tS256());
    }

    @Test
    @DisplayName("without binding_message the FAPI-CIBA policy refuses the request")
    void bindingMessageRequired(FapiKit kit) {
        String issuer = discovery.get("issuer").asText();
        ClientCert client = kit.demo().get(CLIENT);
        HttpResponse<String> auth = Http.postForm(kit.http(client), discovery.get("backchannel_authentication_endpoint").asText(),
                Http.params("request", signedRequest(client, issuer, null),
                        "client_assertion_type", Jose.CLIENT_ASSERTION_TYPE,
                        "client_assertion", Jose.clientAssertion(client, CLIENT, issuer)));
        assertThat(auth.statusCode()).as(auth.body()).isEqualTo(400);
    }

    // FAPI-CIBA §5.2.2: a signed authentication request (CIBA Core §7.1.1) with aud, iss, exp, nbf, iat and jti.
    private static String signedRequest(ClientCert client, String issuer, String bindingMessage) {
        Instant now = Instant.now();
        JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder().issuer(CLIENT).audience(issuer)
                .claim("scope", "openid").claim("login_hint", "alice")
                .issueTime(Date.from(now)).notBeforeTime(Date.from(now)).expirationTime(Date.from(now.plusSeconds(300)))
                .jwtID(Jose.randomId());
        if (bindingMessage != null) claims.claim("binding_message", bindingMessage);
        return Jose.sign(client, JWSAlgorithm.PS256, claims.build());
    }
}
