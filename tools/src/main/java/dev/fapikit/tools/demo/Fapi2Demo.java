package dev.fapikit.tools.demo;

import java.net.http.HttpResponse;
import java.util.Base64;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.nimbusds.jwt.JWTClaimsSet;

import dev.fapikit.it.harness.Http;
import dev.fapikit.it.harness.Jose;
import dev.fapikit.tools.demo.Narrator.StepFailed;

/**
 * (c) FAPI 2.0 Security Profile with mTLS on realm {@code fapi2} (client {@code fapi2-sp-mtls}): PAR with PKCE, login,
 * the code with {@code iss}, a certificate-bound token; then a resource server introspects that token and gets an
 * RFC 9701 signed JWT response.
 */
final class Fapi2Demo {

    static final String REALM = "fapi2";
    static final String CLIENT = "fapi2-sp-mtls";
    static final String REDIRECT = MtlsCodeClient.REDIRECT;
    /** The demo's resource server (created at demo time): it introspects tokens and asks for JWT responses. */
    static final String RESOURCE_SERVER = "fapi-kit-demo-rs";
    static final String INTROSPECTION_JWT = "application/token-introspection+jwt";

    private final DemoServer s;
    private final Narrator n;

    Fapi2Demo(DemoServer server) {
        this.s = server;
        this.n = server.narrator;
    }

    void run() {
        n.flow("(c) FAPI 2.0 Security Profile (mTLS): PAR + PKCE → login → code with iss → bound token → RFC 9701 introspection", this::flow);
    }

    private void flow() {
        String rsSecret = n.step("Register a resource server that asks for signed introspection responses (admin REST API)",
                "RFC 9701 §6: introspection_signed_response_alg=PS256; Keycloak answers only a client named in the token's aud.",
                this::prepareResourceServer);
        MtlsCodeClient client = new MtlsCodeClient(s, REALM, CLIENT, s.discovery(REALM));
        String issuer = client.issuer;
        String state = client.state;

        String requestUri = n.step("Push the authorization request (PAR) with PKCE, private_key_jwt over mTLS",
                "FAPI 2.0 SP §5.3.1.2: PAR required, PKCE S256 required; §5.3.2.1: private_key_jwt or mTLS client authentication.", () -> {
                    return client.push("response_type", "code", "redirect_uri", REDIRECT, "scope", "openid", "state", state,
                            "nonce", Jose.randomId(), "code_challenge", client.pkce.get("challenge"), "code_challenge_method", "S256");
                });

        String code = n.step("alice signs in and consents; the code comes back with iss",
                "FAPI 2.0 SP §5.3.1.2 / RFC 9207 §2: the authorization response names its issuer, against mix-up attacks.", () -> {
                    String location = client.signIn(requestUri);
                    Map<String, String> params = Http.urlParams(location);
                    n.note("code=" + Narrator.shorten(params.getOrDefault("code", "")) + "  state=" + params.get("state") + "  iss=" + params.get("iss"));
                    if (params.containsKey("error")) {
                        throw new StepFailed(params.get("error") + ": " + params.get("error_description"));
                    }
                    if (!issuer.equals(params.get("iss")) || !state.equals(params.get("state"))) {
                        throw new StepFailed("the response lacks the right iss or state");
                    }
                    return params.get("code");
                });

        String accessToken = n.step("Exchange the code over mTLS for a certificate-bound token",
                "FAPI 2.0 SP §5.3.2.1: sender-constrained access tokens (RFC 8705 §3 here); RFC 7636 §4.5 code_verifier.", () ->
                        client.boundAccessToken(client.exchange(code)));

        n.step("The resource server introspects the token and gets a signed JWT",
                "RFC 9701 §4-5: Accept: " + INTROSPECTION_JWT + " → a JWS with iss, aud and the RFC 7662 answer in token_introspection.", () -> {
                    String basic = Base64.getEncoder().encodeToString((RESOURCE_SERVER + ":" + rsSecret).getBytes());
                    HttpResponse<String> r = s.post(s.http(null), null, s.mtlsEndpoint(REALM, "introspection_endpoint"),
                            Http.params("token", accessToken, "token_type_hint", "access_token"),
                            Map.of("Authorization", "Basic " + basic, "Accept", INTROSPECTION_JWT));
                    DemoServer.expect(r, 200);
                    if (!r.headers().firstValue("Content-Type").orElse("").startsWith(INTROSPECTION_JWT)) {
                        throw new StepFailed("not a JWT response: " + Narrator.error(r));
                    }
                    n.jwt("introspection response", r.body());
                    JWTClaimsSet claims = s.verify(REALM, r.body());
                    Object introspection = claims.getClaim("token_introspection");
                    if (!issuer.equals(claims.getIssuer()) || !claims.getAudience().contains(RESOURCE_SERVER)
                            || !(introspection instanceof Map<?, ?> m) || !Boolean.TRUE.equals(m.get("active"))) {
                        throw new StepFailed("unexpected introspection response: " + claims.toJSONObject());
                    }
                    n.note("verified: signature (realm JWKS), iss, aud = " + RESOURCE_SERVER + ", active = true");
                });
    }

    /** The resource server client, and an audience mapper so that fapi2-sp-mtls's tokens name it; returns its secret. */
    private String prepareResourceServer() {
        ObjectNode rs = Http.JSON.createObjectNode().put("clientId", RESOURCE_SERVER).put("name", "Resource server (FAPI Kit demo)")
                .put("enabled", true).put("publicClient", false).put("protocol", "openid-connect")
                .put("clientAuthenticatorType", "client-secret").put("standardFlowEnabled", false)
                .put("directAccessGrantsEnabled", false).put("serviceAccountsEnabled", false);
        rs.putObject("attributes").put("introspection.signed.response.alg", "PS256");
        String rsUuid = s.upsertClient(REALM, rs);
        String clientUuid = s.clientUuid(REALM, CLIENT);
        String mapper = "audience " + RESOURCE_SERVER;
        boolean present = false;
        for (JsonNode m : s.adminGet("realms/" + REALM + "/clients/" + clientUuid + "/protocol-mappers/models")) {
            present |= mapper.equals(m.path("name").asText());
        }
        if (!present) {
            s.adminExpect("POST", "realms/" + REALM + "/clients/" + clientUuid + "/protocol-mappers/models",
                    Map.of("name", mapper, "protocol", "openid-connect", "protocolMapper", "oidc-audience-mapper",
                            "config", Map.of("included.client.audience", RESOURCE_SERVER, "access.token.claim", "true",
                                    "introspection.token.claim", "true")), 201);
            n.note("added an audience mapper to " + CLIENT + ": its access tokens name " + RESOURCE_SERVER + " in aud");
        }
        return s.adminGet("realms/" + REALM + "/clients/" + rsUuid + "/client-secret").get("value").asText();
    }
}
