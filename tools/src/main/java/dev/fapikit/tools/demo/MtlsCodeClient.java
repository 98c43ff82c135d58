package dev.fapikit.tools.demo;

import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;

import dev.fapikit.it.harness.ClientCert;
import dev.fapikit.it.harness.Http;
import dev.fapikit.it.harness.Jose;
import dev.fapikit.tools.demo.Narrator.StepFailed;

/**
 * A demo client of the FAPI 1.0 and FAPI 2.0 demos on the authorization code flow: it pushes its request (PAR) with
 * PKCE S256, alice signs in, and the code is exchanged for a certificate-bound token. Every call to the server goes to
 * the mutual-TLS endpoint aliases with the client's certificate, and the client authenticates with
 * {@code private_key_jwt}. What the request and the response carry is each demo's own.
 */
final class MtlsCodeClient {

    static final String REDIRECT = "https://client.example.org/cb";

    final String issuer;
    final ClientCert key;
    final HttpClient mtls;
    /** The subject of the client's certificate, as the narration names it. */
    final String cert;
    final Map<String, String> pkce = Jose.pkce();
    final String state = Jose.randomId();

    private final DemoServer s;
    private final String realm;
    private final String clientId;
    private final JsonNode discovery;

    MtlsCodeClient(DemoServer server, String realm, String clientId, JsonNode discovery) {
        this.s = server;
        this.realm = realm;
        this.clientId = clientId;
        this.discovery = discovery;
        this.issuer = discovery.get("issuer").asText();
        this.key = server.clients.get(clientId);
        this.mtls = server.http(key);
        this.cert = CibaDemo.subject(key);
    }

    /** RFC 9126 §2.1: pushes the authorization request with {@code client_id} and the client's assertion; the request_uri. */
    String push(String... params) {
        HttpResponse<String> par = s.post(mtls, cert, s.mtlsEndpoint(realm, "pushed_authorization_request_endpoint"),
                authenticated(Stream.concat(Stream.of("client_id", clientId), Stream.of(params)).toArray(String[]::new)),
                "request_uri", "expires_in");
        return Http.json(DemoServer.expect(par, 201)).get("request_uri").asText();
    }

    /** alice signs in at the authorization endpoint with the pushed request; the redirect URL with the response. */
    String signIn(String requestUri) {
        String url = discovery.get("authorization_endpoint").asText() + "?client_id=" + clientId + "&request_uri="
                + Http.enc(requestUri);
        return s.signInAsAlice(url, REDIRECT);
    }

    /** RFC 6749 §4.1.3 with the PKCE verifier (RFC 7636 §4.5): the token response. */
    JsonNode exchange(String code) {
        HttpResponse<String> token = s.post(mtls, cert, s.mtlsEndpoint(realm, "token_endpoint"),
                authenticated("grant_type", "authorization_code", "code", code, "redirect_uri", REDIRECT,
                        "code_verifier", pkce.get("verifier"), "client_id", clientId),
                "token_type", "expires_in", "scope");
        return Http.json(DemoServer.expect(token, 200));
    }

    /** RFC 8705 §3.1: the access token of the response, shown, whose cnf.x5t#S256 must be the client certificate's. */
    String boundAccessToken(JsonNode tokens) {
        String at = tokens.get("access_token").asText();
        s.narrator.jwt("access token", at);
        Object cnf = s.verify(realm, at).getClaim("cnf");
        if (!(cnf instanceof Map<?, ?> m) || !key.x5tS256().equals(m.get("x5t#S256"))) {
            throw new StepFailed("the access token is not bound to the client certificate (cnf = " + cnf + ")");
        }
        return at;
    }

    /** The parameters followed by the client's {@code private_key_jwt} assertion (RFC 7523 §2.2). */
    private Map<String, String> authenticated(String... params) {
        Map<String, String> form = Http.params(params);
        form.put("client_assertion_type", Jose.CLIENT_ASSERTION_TYPE);
        form.put("client_assertion", Jose.clientAssertion(key, clientId, issuer));
        return form;
    }
}
