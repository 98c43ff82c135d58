package dev.fapikit.it.certification;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpClient;
import java.net.http.HttpResponse;
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
 * ID tokens without unrequested claims (issue 17 §1; conformance conditions {@code EnsureIdTokenDoesNotContainNonRequestedClaims}
 * and {@code CheckForUnexpectedClaimsInIdToken}), by the {@code fapi-kit-id-token-claims} executor of the
 * {@code fapi-kit-fapi-1-advanced} profile, on the imported demo realm {@code fapi1-advanced} (alice has an e-mail
 * address; the realm's default client scopes include {@code profile} and {@code email}):
 * <ul>
 * <li>OpenID Connect Core §5.4: the standard claims of a scope the request did not name are not in the ID token;
 * §5.5: a claim the {@code claims} parameter asks for in the ID token is;</li>
 * <li>{@code typ} and {@code sid} only for a client registered for logout, whose {@code id_token_hint} Keycloak's
 * logout endpoint then accepts (RP-Initiated Logout 1.0 §2).</li>
 * </ul>
 */
@FapiKitServer
class IdTokenClaimsIT {

    private static final String REALM = "fapi1-advanced";
    private static final String CLIENT = "fapi1-pkjwt";
    private static final String REDIRECT = "https://client.example.org/cb";
    private static final String LOGGED_OUT = "https://client.example.org/logged-out";

    private static JsonNode discovery;

    @BeforeAll
    static void discover(FapiKit kit) {
        discovery = Http.json(Http.get(kit.http(null), kit.realmUrl(REALM) + "/.well-known/openid-configuration"));
    }

    @Test
    @DisplayName("scope openid: no typ, no sid, none of the default scopes' profile and email claims")
    void openidOnly(FapiKit kit) throws Exception {
        Flow flow = flow(kit, "openid", null);
        Map<String, Object> claims = flow.idToken.getClaims();
        assertThat(claims).doesNotContainKeys("typ", "sid", "email", "email_verified", "preferred_username", "name",
                "given_name", "family_name");
        assertThat(claims).containsKeys("iss", "sub", "aud", "exp", "iat", "nonce", "auth_time");
        // the access token and userinfo still carry what the default scopes grant
        HttpResponse<String> userinfo = Http.get(flow.mtls, discovery.get("userinfo_endpoint").asText(),
                "Authorization", "Bearer " + flow.accessToken);
        assertThat(userinfo.statusCode()).as(userinfo.body()).isEqualTo(200);
        assertThat(Http.json(userinfo).get("email").asText()).isEqualTo("alice@example.org");
    }

    @Test
    @DisplayName("scope openid email: email and email_verified, no profile claims")
    void emailScope(FapiKit kit) throws Exception {
        Map<String, Object> claims = flow(kit, "openid email", null).idToken.getClaims();
        assertThat(claims).containsEntry("email", "alice@example.org").containsEntry("email_verified", true);
        assertThat(claims).doesNotContainKeys("preferred_username", "given_name", "typ", "sid");
    }

    @Test
    @DisplayName("scope openid profile: the profile claims, not email")
    void profileScope(FapiKit kit) throws Exception {
        Map<String, Object> claims = flow(kit, "openid profile", null).idToken.getClaims();
        assertThat(claims).containsEntry("preferred_username", "alice").containsEntry("given_name", "Alice");
        assertThat(claims).doesNotContainKeys("email", "email_verified", "typ", "sid");
    }

    @Test
    @DisplayName("claims parameter {\"id_token\":{\"email\":null}} with scope openid: email, and nothing else of the default scopes")
    void claimsParameter(FapiKit kit) throws Exception {
        ObjectNode claimsParam = Http.JSON.createObjectNode();
        claimsParam.putObject("id_token").putNull("email");
        Map<String, Object> claims = flow(kit, "openid", Http.JSON.convertValue(claimsParam, Map.class)).idToken.getClaims();
        assertThat(claims).containsEntry("email", "alice@example.org");
        assertThat(claims).doesNotContainKeys("email_verified", "preferred_username");
    }

    @Test
    @DisplayName("a client registered for logout (post-logout redirect URI) keeps typ ID and sid, and logs out with its id_token_hint")
    void logoutClientKeepsTypAndSid(FapiKit kit) throws Exception {
        JsonNode client = kit.admin().get("realms/" + REALM + "/clients?clientId=" + CLIENT).get(0);
        String path = "realms/" + REALM + "/clients/" + client.get("id").asText();
        ObjectNode changed = client.deepCopy();
        ((ObjectNode) changed.get("attributes")).put("post.logout.redirect.uris", LOGGED_OUT);
        assertThat(kit.admin().put(path, changed).statusCode()).isEqualTo(204);
        try {
            Flow flow = flow(kit, "openid", null);
            assertThat(flow.idToken.getStringClaim("typ")).isEqualTo("ID");
            assertThat(flow.idToken.getStringClaim("sid")).isNotBlank();
            HttpResponse<String> logout = flow.browser.open(discovery.get("end_session_endpoint").asText()
                    + "?id_token_hint=" + Http.enc(flow.rawIdToken) + "&post_logout_redirect_uri=" + Http.enc(LOGGED_OUT)
                    + "&state=s1", kit.baseUrl());
            assertThat(logout.statusCode()).as(logout.body()).isEqualTo(302);
            assertThat(flow.browser.location()).isEqualTo(LOGGED_OUT + "?state=s1");
        } finally {
            JsonNode now = kit.admin().get(path);
            ObjectNode restored = now.deepCopy();
            ((ObjectNode) restored.get("attributes")).put("post.logout.redirect.uris", "");
            kit.admin().put(path, restored);
        }
    }

    @Test
    @DisplayName("a client with Keycloak's default post-logout redirect URI '+' (every new client has it) gets neither typ nor sid: the OpenID conformance suite warns about both")
    void defaultPlusIsNotALogoutRegistration(FapiKit kit) throws Exception {
        JsonNode client = kit.admin().get("realms/" + REALM + "/clients?clientId=" + CLIENT).get(0);
        String path = "realms/" + REALM + "/clients/" + client.get("id").asText();
        ObjectNode changed = client.deepCopy();
        ((ObjectNode) changed.get("attributes")).put("post.logout.redirect.uris", "+");
        assertThat(kit.admin().put(path, changed).statusCode()).isEqualTo(204);
        try {
            Map<String, Object> claims = flow(kit, "openid", null).idToken.getClaims();
            assertThat(claims).doesNotContainKeys("typ", "sid");
        } finally {
            JsonNode now = kit.admin().get(path);
            ObjectNode restored = now.deepCopy();
            ((ObjectNode) restored.get("attributes")).put("post.logout.redirect.uris", "");
            kit.admin().put(path, restored);
        }
    }

    private record Flow(Browser browser, HttpClient mtls, String accessToken, String rawIdToken, JWTClaimsSet idToken) {
    }

    /** PAR with a signed request object, login and consent, JARM, token request (as {@code Fapi1AdvancedFlowIT}). */
    private static Flow flow(FapiKit kit, String scope, Map<?, ?> claimsParameter) throws Exception {
        String issuer = discovery.get("issuer").asText();
        ClientCert client = kit.demo().get(CLIENT);
        HttpClient mtls = kit.http(client);
        Map<String, String> pkce = Jose.pkce();
        Instant now = Instant.now();
        JWTClaimsSet.Builder request = new JWTClaimsSet.Builder()
                .issuer(CLIENT).audience(issuer).claim("client_id", CLIENT)
                .claim("response_type", "code").claim("response_mode", "jwt").claim("redirect_uri", REDIRECT)
                .claim("scope", scope).claim("state", Jose.randomId()).claim("nonce", Jose.randomId())
                .claim("code_challenge", pkce.get("challenge")).claim("code_challenge_method", "S256")
                .issueTime(Date.from(now)).notBeforeTime(Date.from(now)).expirationTime(Date.from(now.plusSeconds(300)))
                .jwtID(Jose.randomId());
        if (claimsParameter != null) request.claim("claims", claimsParameter);
        HttpResponse<String> par = Http.postForm(mtls, discovery.get("pushed_authorization_request_endpoint").asText(),
                Http.params("client_id", CLIENT, "request", Jose.sign(client, JWSAlgorithm.PS256, request.build()),
                        "client_assertion_type", Jose.CLIENT_ASSERTION_TYPE,
                        "client_assertion", Jose.clientAssertion(client, CLIENT, issuer)));
        assertThat(par.statusCode()).as(par.body()).isEqualTo(201);
        Browser browser = kit.browser();
        browser.login(discovery.get("authorization_endpoint").asText() + "?client_id=" + CLIENT
                + "&request_uri=" + Http.enc(Http.json(par).get("request_uri").asText()), kit.baseUrl(), "alice", "alice");
        String response = Http.urlParams(browser.location()).get("response");
        assertThat(response).as(browser.location()).isNotNull();
        String code = Jose.verify(kit, REALM, response).getStringClaim("code");
        HttpResponse<String> token = Http.postForm(mtls, discovery.get("token_endpoint").asText(),
                Http.params("grant_type", "authorization_code", "code", code, "redirect_uri", REDIRECT,
                        "code_verifier", pkce.get("verifier"), "client_id", CLIENT,
                        "client_assertion_type", Jose.CLIENT_ASSERTION_TYPE,
                        "client_assertion", Jose.clientAssertion(client, CLIENT, issuer)));
        assertThat(token.statusCode()).as(token.body()).isEqualTo(200);
        JsonNode tokens = Http.json(token);
        String idToken = tokens.get("id_token").asText();
        return new Flow(browser, mtls, tokens.get("access_token").asText(), idToken, Jose.verify(kit, REALM, idToken));
    }
}
