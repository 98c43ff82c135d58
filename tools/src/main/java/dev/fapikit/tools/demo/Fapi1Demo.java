package dev.fapikit.tools.demo;

import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.Date;

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
    static final String REDIRECT = MtlsCodeClient.REDIRECT;

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
        MtlsCodeClient client = new MtlsCodeClient(s, REALM, CLIENT, d);
        String issuer = client.issuer;
        String state = client.state;
        String nonce = Jose.randomId();

        String requestUri = n.step("Push the authorization request (PAR) as a signed request object with PKCE",
                "FAPI 1.0 Part 2 §5.2.2-1/-10/-18: signed request object via PAR, PKCE S256; RFC 9126 §2.1: client authenticates.", () -> {
                    Instant now = Instant.now();
                    String requestObject = Jose.sign(client.key, JWSAlgorithm.PS256, new JWTClaimsSet.Builder()
                            .issuer(CLIENT).audience(issuer).claim("client_id", CLIENT)
                            .claim("response_type", "code").claim("response_mode", "jwt").claim("redirect_uri", REDIRECT)
                            .claim("scope", "openid").claim("state", state).claim("nonce", nonce)
                            .claim("code_challenge", client.pkce.get("challenge")).claim("code_challenge_method", "S256")
                            .issueTime(Date.from(now)).notBeforeTime(Date.from(now)).expirationTime(Date.from(now.plusSeconds(300)))
                            .jwtID(Jose.randomId()).build());
                    n.jwt("request object", requestObject);
                    return client.push("request", requestObject);
                });

        String response = n.step("alice signs in and consents; the authorization response comes back as JARM",
                "JARM §4.3 (response_mode=jwt): the response parameters travel in one JWT signed by the server.", () -> {
                    String location = client.signIn(requestUri);
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
                    JsonNode tokens = client.exchange(response);
                    String at = client.boundAccessToken(tokens);
                    n.jwt("ID token", tokens.get("id_token").asText());
                    if (!nonce.equals(s.verify(REALM, tokens.get("id_token").asText()).getStringClaim("nonce"))) {
                        throw new StepFailed("the ID token does not carry the request's nonce");
                    }
                    n.note("verified: both signatures, cnf.x5t#S256 = SHA-256 of " + client.cert + ", nonce");
                    return at;
                });

        String userinfo = s.mtlsEndpoint(REALM, "userinfo_endpoint");
        n.step("Use the access token at userinfo with the client's certificate",
                "RFC 8705 §3: the resource server checks the presented certificate against cnf.x5t#S256.", () ->
                        DemoServer.expect(s.get(client.mtls, client.cert, userinfo, accessToken, "sub", "preferred_username"), 200));
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
