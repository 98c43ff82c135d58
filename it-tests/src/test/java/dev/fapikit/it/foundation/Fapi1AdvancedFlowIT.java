package dev.fapikit.it.foundation;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.Date;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
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
 * FAPI 1.0 Advanced end to end on the imported {@code fapi1-advanced} realm, governed by Keycloak's built-in
 * {@code fapi-1-advanced} profile, with no browser: PAR (RFC 9126) with a signed request object (FAPI 1.0 Part 2
 * §5.2.2-1) and PKCE, login by form post, a JARM response (JARM §4.3), {@code private_key_jwt} over mTLS, and a
 * certificate-bound access token (RFC 8705 §3) that userinfo accepts only with its certificate.
 */
@FapiKitServer
class Fapi1AdvancedFlowIT {

    private static final String REALM = "fapi1-advanced";
    private static final String CLIENT = "fapi1-pkjwt";
    private static final String REDIRECT = "https://client.example.org/cb";

    private static JsonNode discovery;

    @BeforeAll
    static void discover(FapiKit kit) {
        discovery = Http.json(Http.get(kit.http(null), kit.realmUrl(REALM) + "/.well-known/openid-configuration"));
    }

    @Test
    @DisplayName("PAR + signed request object + PKCE → JARM → private_key_jwt over mTLS → bound token at userinfo")
    void fullFlow(FapiKit kit) throws Exception {
        String issuer = discovery.get("issuer").asText();
        assertThat(issuer).isEqualTo(kit.realmUrl(REALM));
        ClientCert client = kit.demo().get(CLIENT);
        HttpClient mtls = kit.http(client);
        Map<String, String> pkce = Jose.pkce();
        String state = Jose.randomId();
        String nonce = Jose.randomId();

        // FAPI 1.0 Part 2 §5.2.2-1/-10: the authorization request travels as a signed request object via PAR
        Instant now = Instant.now();
        String requestObject = Jose.sign(client, JWSAlgorithm.PS256, new JWTClaimsSet.Builder()
                .issuer(CLIENT).audience(issuer).claim("client_id", CLIENT)
                .claim("response_type", "code").claim("response_mode", "jwt").claim("redirect_uri", REDIRECT)
                .claim("scope", "openid").claim("state", state).claim("nonce", nonce)
                .claim("code_challenge", pkce.get("challenge")).claim("code_challenge_method", "S256")
                .issueTime(Date.from(now)).notBeforeTime(Date.from(now)).expirationTime(Date.from(now.plusSeconds(300)))
                .jwtID(Jose.randomId()).build());
        HttpResponse<String> par = Http.postForm(mtls, discovery.get("pushed_authorization_request_endpoint").asText(),
                Http.params("client_id", CLIENT, "request", requestObject,
                        "client_assertion_type", Jose.CLIENT_ASSERTION_TYPE,
                        "client_assertion", Jose.clientAssertion(client, CLIENT, issuer)));
        assertThat(par.statusCode()).as(par.body()).isEqualTo(201);
        String requestUri = Http.json(par).get("request_uri").asText();

        // the user signs in and consents in the browser; the response comes back as JARM (response_mode=jwt)
        Browser browser = kit.browser();
        browser.login(discovery.get("authorization_endpoint").asText() + "?client_id=" + CLIENT
                + "&request_uri=" + Http.enc(requestUri), kit.baseUrl(), "alice", "alice");
        String location = browser.location();
        assertThat(location).startsWith(REDIRECT);
        String response = Http.urlParams(location).get("response");
        assertThat(response).as("JARM response parameter in " + location).isNotNull();
        JWTClaimsSet jarm = Jose.verify(kit, REALM, response);
        assertThat(jarm.getIssuer()).isEqualTo(issuer);
        assertThat(jarm.getAudience()).containsExactly(CLIENT);
        assertThat(jarm.getExpirationTime()).isAfter(new Date());
        assertThat(jarm.getStringClaim("state")).isEqualTo(state);
        String code = jarm.getStringClaim("code");
        assertThat(code).isNotBlank();

        // token request: private_key_jwt over mTLS, PKCE verifier
        HttpResponse<String> token = Http.postForm(mtls, discovery.get("token_endpoint").asText(),
                Http.params("grant_type", "authorization_code", "code", code, "redirect_uri", REDIRECT,
                        "code_verifier", pkce.get("verifier"), "client_id", CLIENT,
                        "client_assertion_type", Jose.CLIENT_ASSERTION_TYPE,
                        "client_assertion", Jose.clientAssertion(client, CLIENT, issuer)));
        assertThat(token.statusCode()).as(token.body()).isEqualTo(200);
        JsonNode tokens = Http.json(token);
        String accessToken = tokens.get("access_token").asText();
        JWTClaimsSet at = Jose.verify(kit, REALM, accessToken);
        assertThat(SignedJWT.parse(accessToken).getHeader().getAlgorithm()).isEqualTo(JWSAlgorithm.PS256);
        // RFC 8705 §3.1: the token is bound to the client certificate's SHA-256 thumbprint
        assertThat(at.getJSONObjectClaim("cnf")).containsEntry("x5t#S256", client.x5tS256());
        JWTClaimsSet idToken = Jose.verify(kit, REALM, tokens.get("id_token").asText());
        assertThat(idToken.getStringClaim("nonce")).isEqualTo(nonce);

        // RFC 8705 §3: the resource (userinfo) accepts the token with its certificate and refuses it with another
        String userinfo = discovery.get("userinfo_endpoint").asText();
        HttpResponse<String> ok = Http.get(mtls, userinfo, "Authorization", "Bearer " + accessToken);
        assertThat(ok.statusCode()).as(ok.body()).isEqualTo(200);
        assertThat(Http.json(ok).get("sub").asText()).isEqualTo(at.getSubject());
        HttpResponse<String> other = Http.get(kit.http(kit.demo().get("fapi1-mtls")), userinfo,
                "Authorization", "Bearer " + accessToken);
        assertThat(other.statusCode()).isEqualTo(401);
        HttpResponse<String> none = Http.get(kit.http(null), userinfo, "Authorization", "Bearer " + accessToken);
        assertThat(none.statusCode()).isEqualTo(401);
    }

    @Test
    @DisplayName("tls_client_auth client: client credentials over mTLS yield a certificate-bound token")
    void tlsClientAuthClientCredentials(FapiKit kit) throws Exception {
        ClientCert client = kit.demo().get("fapi1-mtls");
        HttpResponse<String> token = Http.postForm(kit.http(client), discovery.get("token_endpoint").asText(),
                Http.params("grant_type", "client_credentials", "client_id", "fapi1-mtls"));
        assertThat(token.statusCode()).as(token.body()).isEqualTo(200);
        JWTClaimsSet at = Jose.verify(kit, REALM, Http.json(token).get("access_token").asText());
        assertThat(at.getJSONObjectClaim("cnf")).containsEntry("x5t#S256", client.x5tS256());
    }
}
