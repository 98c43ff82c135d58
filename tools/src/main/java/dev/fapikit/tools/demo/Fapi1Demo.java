package dev.fapikit.tools.demo;

import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.Date;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jwt.JWTClaimsSet;

import dev.fapikit.it.harness.ClientCert;
import dev.fapikit.it.harness.Http;
import dev.fapikit.it.harness.Jose;
import dev.fapikit.tools.demo.Narrator.StepFailed;

/**
 * (b) FAPI 1.0 Advanced on realm {@code fapi1-advanced} with client {@code fapi1-pkjwt}: PAR with a signed request
 * object and PKCE, alice's login, a JARM response, the token request with {@code private_key_jwt} over mTLS, and the
 * certificate-bound access token at userinfo, refused with another certificate.
 */
final class Fapi1Demo {

    static final String REALM = "fapi1-advanced";
    static final String CLIENT = "fapi1-pkjwt";
    static final String REDIRECT = "https://client.example.org/cb";

    private final DemoServer s;
    private final Narrator n;

    Fapi1Demo(DemoServer server) {
        this.s = server;
        this.n = server.narrator;
    }

    void run() {
        n.flow("(b) FAPI 1.0 Advanced: PAR + signed request object + PKCE → login → JARM → private_key_jwt over mTLS → bound token", this::flow);
    }

    private void flow() {
        JsonNode d = n.step("Discover realm " + REALM, "OIDC Discovery §4; RFC 9126 §5: pushed_authorization_request_endpoint.", () -> {
            n.request("GET", s.realmUrl(REALM) + "/.well-known/openid-configuration", null, null);
            JsonNode doc = s.discovery(REALM);
            n.note("pushed_authorization_request_endpoint = " + doc.path("pushed_authorization_request_endpoint").asText());
            n.note("response_modes_supported = " + doc.path("response_modes_supported"));
            n.note("tls_client_certificate_bound_access_tokens = " + doc.path("tls_client_certificate_bound_access_tokens"));
            return doc;
        });
        String issuer = d.get("issuer").asText();
        ClientCert key = s.clients.get(CLIENT);
        HttpClient mtls = s.http(key);
        String cert = CibaDemo.subject(key);
        Map<String, String> pkce = Jose.pkce();
        String state = Jose.randomId();
        String nonce = Jose.randomId();

        String requestUri = n.step("Push the authorization request (PAR) as a signed request object with PKCE",
                "FAPI 1.0 Part 2 §5.2.2-1/-10/-18: signed request object via PAR, PKCE S256; RFC 9126 §2.1: client authenticates.", () -> {
                    Instant now = Instant.now();
                    String requestObject = Jose.sign(key, JWSAlgorithm.PS256, new JWTClaimsSet.Builder()
                            .issuer(CLIENT).audience(issuer).claim("client_id", CLIENT)
                            .claim("response_type", "code").claim("response_mode", "jwt").claim("redirect_uri", REDIRECT)
                            .claim("scope", "openid").claim("state", state).claim("nonce", nonce)
                            .claim("code_challenge", pkce.get("challenge")).claim("code_challenge_method", "S256")
                            .issueTime(Date.from(now)).notBeforeTime(Date.from(now)).expirationTime(Date.from(now.plusSeconds(300)))
                            .jwtID(Jose.randomId()).build());
                    n.jwt("request object", requestObject);
                    HttpResponse<String> par = s.post(mtls, cert, s.mtlsEndpoint(REALM, "pushed_authorization_request_endpoint"),
                            Http.params("client_id", CLIENT, "request", requestObject,
                                    "client_assertion_type", Jose.CLIENT_ASSERTION_TYPE,
                                    "client_assertion", Jose.clientAssertion(key, CLIENT, issuer)),
                            "request_uri", "expires_in");
                    return Http.json(DemoServer.expect(par, 201)).get("request_uri").asText();
                });

        String response = n.step("alice signs in and consents; the authorization response comes back as JARM",
                "JARM §4.3 (response_mode=jwt): the response parameters travel in one JWT signed by the server.", () -> {
                    String url = d.get("authorization_endpoint").asText() + "?client_id=" + CLIENT + "&request_uri=" + Http.enc(requestUri);
                    String location = s.signInAsAlice(url, REDIRECT);
                    String jarm = Http.urlParams(location).get("response");
                    if (jarm == null) {
                        throw new StepFailed("no JARM response parameter in " + location);
                    }
                    n.jwt("JARM response", jarm);
                    JWTClaimsSet claims = s.verify(REALM, jarm);
                    if (!issuer.equals(claims.getIssuer()) || !claims.getAudience().contains(CLIENT)
                            || !state.equals(claims.getStringClaim("state"))) {
                        throw new StepFailed("JARM response with wrong iss, aud or state");
                    }
                    n.note("verified: signature (realm JWKS), iss, aud = " + CLIENT + ", state");
                    return claims.getStringClaim("code");
                });

        String accessToken = n.step("Exchange the code: private_key_jwt over mTLS, with the PKCE verifier",
                "FAPI 1.0 Part 2 §5.2.2-14 (private_key_jwt or tls_client_auth); RFC 8705 §3: the token is bound to the TLS certificate.", () -> {
                    HttpResponse<String> token = s.post(mtls, cert, s.mtlsEndpoint(REALM, "token_endpoint"),
                            Http.params("grant_type", "authorization_code", "code", response, "redirect_uri", REDIRECT,
                                    "code_verifier", pkce.get("verifier"), "client_id", CLIENT,
                                    "client_assertion_type", Jose.CLIENT_ASSERTION_TYPE,
                                    "client_assertion", Jose.clientAssertion(key, CLIENT, issuer)),
                            "token_type", "expires_in", "scope");
                    JsonNode tokens = Http.json(DemoServer.expect(token, 200));
                    String at = tokens.get("access_token").asText();
                    n.jwt("access token", at);
                    Object cnf = s.verify(REALM, at).getClaim("cnf");
                    if (!(cnf instanceof Map<?, ?> m) || !key.x5tS256().equals(m.get("x5t#S256"))) {
                        throw new StepFailed("the access token is not bound to the client certificate (cnf = " + cnf + ")");
                    }
                    n.jwt("ID token", tokens.get("id_token").asText());
                    if (!nonce.equals(s.verify(REALM, tokens.get("id_token").asText()).getStringClaim("nonce"))) {
                        throw new StepFailed("the ID token does not carry the request's nonce");
                    }
                    n.note("verified: both signatures, cnf.x5t#S256 = SHA-256 of " + cert + ", nonce");
                    return at;
                });

        String userinfo = s.mtlsEndpoint(REALM, "userinfo_endpoint");
        n.step("Use the access token at userinfo with the client's certificate",
                "RFC 8705 §3: the resource server checks the presented certificate against cnf.x5t#S256.", () ->
                        DemoServer.expect(s.get(mtls, cert, userinfo, accessToken, "sub", "preferred_username"), 200));
        n.step("The same token with another client's certificate is refused",
                "RFC 8705 §3: a stolen token is useless without the private key of the bound certificate.", () -> {
                    ClientCert other = s.clients.get("fapi1-mtls");
                    HttpResponse<String> r = s.get(s.http(other), CibaDemo.subject(other), userinfo, accessToken);
                    r.headers().firstValue("WWW-Authenticate").ifPresent(h -> n.note("WWW-Authenticate: " + h));
                    if (r.statusCode() != 401) {
                        throw new StepFailed("expected HTTP 401, got " + Narrator.error(r));
                    }
                });
    }
}
