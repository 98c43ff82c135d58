package dev.fapikit.it.mtls;

import static dev.fapikit.it.mtls.Tokens.boundThumbprint;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.CookieManager;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import org.bouncycastle.asn1.x509.GeneralName;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import dev.fapikit.it.harness.ClientCert;
import dev.fapikit.it.harness.Http;
import dev.fapikit.it.harness.TestPki.CertSpec;

/**
 * RFC 8705 §3: a token bound to certificate A is refused with certificate B, where B is another valid certificate of
 * the same client (same CA, same registered SAN), so that client authentication passes and only the binding decides:
 * at userinfo, refresh and revocation (Keycloak's {@code holder-of-key-enforcer} executor, part of the FAPI profiles,
 * here in a client policy), and introspection returns the {@code cnf} of A (RFC 8705 §3.2) for the resource server to
 * compare.
 */
@ExtendWith(MtlsNode.Extension.class)
@DisplayName("certificate-bound tokens (RFC 8705 §3)")
class CertificateBindingIT {

    private static final String SAN = "bound.example.org";
    private static final String REDIRECT = "https://client.example.org/cb";

    enum Grant { CLIENT_CREDENTIALS, AUTHORIZATION_CODE }

    private static String realm;
    private static String clientId;
    private static ClientCert certA;
    private static ClientCert certB;

    @BeforeAll
    static void realm(MtlsNode node) {
        realm = node.createRealm("binding");
        assertThat(node.admin("PUT", "realms/" + realm + "/client-policies/profiles", "{\"profiles\":[{\"name\":\"hok\","
                + "\"executors\":[{\"executor\":\"holder-of-key-enforcer\",\"configuration\":{\"auto-configure\":\"true\"}}]}]}")
                .statusCode()).isEqualTo(204);
        assertThat(node.admin("PUT", "realms/" + realm + "/client-policies/policies", "{\"policies\":[{\"name\":\"hok\","
                + "\"enabled\":true,\"conditions\":[{\"condition\":\"any-client\",\"configuration\":{}}],\"profiles\":[\"hok\"]}]}")
                .statusCode()).isEqualTo(204);
        clientId = "bound-" + System.nanoTime();
        node.createClient(realm, Map.of("clientId", clientId, "publicClient", false, "serviceAccountsEnabled", true,
                "standardFlowEnabled", true, "redirectUris", new String[] {REDIRECT},
                "clientAuthenticatorType", "client-x509-san",
                "attributes", Map.of("x509.san.dns", SAN, "tls.client.certificate.bound.access.tokens", "true",
                        "client_credentials.use_refresh_token", "true"),
                // the client is also the resource server that introspects its tokens (token audience)
                "protocolMappers", new Object[] {Map.of("name", "self-audience", "protocol", "openid-connect",
                        "protocolMapper", "oidc-audience-mapper", "config", Map.of("included.client.audience", clientId,
                                "access.token.claim", "true", "introspection.token.claim", "true"))}));
        assertThat(node.admin("POST", "realms/" + realm + "/users", "{\"username\":\"alice\",\"enabled\":true,"
                + "\"email\":\"alice@example.org\",\"emailVerified\":true,\"firstName\":\"Alice\",\"lastName\":\"Liddell\","
                + "\"credentials\":[{\"type\":\"password\",\"value\":\"alice\",\"temporary\":false}]}").statusCode())
                .isEqualTo(201);
        certA = node.pki().issue(CertSpec.named("bound-a").san(new GeneralName(GeneralName.dNSName, SAN)));
        certB = node.pki().issue(CertSpec.named("bound-b").san(new GeneralName(GeneralName.dNSName, SAN)));
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Grant.class)
    @DisplayName("a token bound to A is refused with B at userinfo, refresh and revocation; introspection shows A")
    void boundTokenRefusedWithAnotherCertificate(Grant grant, MtlsNode node) throws Exception {
        HttpResponse<String> issued = grant == Grant.CLIENT_CREDENTIALS ? clientCredentials(node) : authorizationCode(node);
        assertThat(boundThumbprint(node, realm, issued)).isEqualTo(certA.x5tS256());
        JsonNode tokens = Http.json(issued);
        String accessToken = tokens.get("access_token").asText();
        String refreshToken = tokens.get("refresh_token").asText();
        HttpClient withA = node.http(certA);
        HttpClient withB = node.http(certB);
        String oidc = node.realmUrl(realm) + "/protocol/openid-connect";

        // userinfo: RFC 8705 §3 — the protected resource compares the presented certificate with cnf
        assertThat(MtlsNode.get(withB, oidc + "/userinfo", "Authorization", "Bearer " + accessToken).statusCode())
                .isEqualTo(401);
        assertThat(MtlsNode.get(withA, oidc + "/userinfo", "Authorization", "Bearer " + accessToken).statusCode())
                .isEqualTo(200);

        // introspection: the client authenticates with B and learns that the token is bound to A
        HttpResponse<String> introspection = MtlsNode.postForm(withB, oidc + "/token/introspect",
                Http.params("token", accessToken, "client_id", clientId));
        assertThat(introspection.statusCode()).as(introspection.body()).isEqualTo(200);
        JsonNode introspected = Http.json(introspection);
        assertThat(introspected.get("active").asBoolean()).isTrue();
        assertThat(introspected.get("cnf").get("x5t#S256").asText()).isEqualTo(certA.x5tS256()).isNotEqualTo(certB.x5tS256());

        // refresh: the refresh token is bound too (RFC 8705 §3 / FAPI 1.0 Part 2 §5.2.2-6)
        HttpResponse<String> refreshB = MtlsNode.postForm(withB, oidc + "/token",
                Http.params("grant_type", "refresh_token", "refresh_token", refreshToken, "client_id", clientId));
        assertThat(refreshB.statusCode()).as(refreshB.body()).isEqualTo(400);
        assertThat(Http.json(refreshB).get("error").asText()).isEqualTo("invalid_grant");
        HttpResponse<String> refreshA = MtlsNode.postForm(withA, oidc + "/token",
                Http.params("grant_type", "refresh_token", "refresh_token", refreshToken, "client_id", clientId));
        assertThat(boundThumbprint(node, realm, refreshA)).isEqualTo(certA.x5tS256());
        String newRefreshToken = Http.json(refreshA).get("refresh_token").asText();

        // revocation (RFC 7009) of the bound refresh token: refused with B, so the token still works with A
        HttpResponse<String> revokeB = MtlsNode.postForm(withB, oidc + "/revoke",
                Http.params("token", newRefreshToken, "token_type_hint", "refresh_token", "client_id", clientId));
        assertThat(revokeB.statusCode()).as(revokeB.body()).isEqualTo(401);
        HttpResponse<String> afterRevokeB = MtlsNode.postForm(withA, oidc + "/token",
                Http.params("grant_type", "refresh_token", "refresh_token", newRefreshToken, "client_id", clientId));
        assertThat(boundThumbprint(node, realm, afterRevokeB)).isEqualTo(certA.x5tS256());
        String lastRefreshToken = Http.json(afterRevokeB).get("refresh_token").asText();
        HttpResponse<String> revokeA = MtlsNode.postForm(withA, oidc + "/revoke",
                Http.params("token", lastRefreshToken, "token_type_hint", "refresh_token", "client_id", clientId));
        assertThat(revokeA.statusCode()).as(revokeA.body()).isEqualTo(200);
        HttpResponse<String> afterRevokeA = MtlsNode.postForm(withA, oidc + "/token",
                Http.params("grant_type", "refresh_token", "refresh_token", lastRefreshToken, "client_id", clientId));
        assertThat(afterRevokeA.statusCode()).as(afterRevokeA.body()).isEqualTo(400);
    }

    private static HttpResponse<String> clientCredentials(MtlsNode node) {
        return MtlsNode.postForm(node.http(certA), node.tokenUrl(realm),
                Http.params("grant_type", "client_credentials", "client_id", clientId, "scope", "openid"));
    }

    /** Signs alice in through the login form (no client certificate in the browser) and redeems the code with A. */
    private static HttpResponse<String> authorizationCode(MtlsNode node) {
        HttpClient browser = HttpClient.newBuilder().sslContext(node.pki().sslContext(null)).cookieHandler(new CookieManager())
                .followRedirects(HttpClient.Redirect.NEVER).connectTimeout(Duration.ofSeconds(10)).build();
        String authorize = node.realmUrl(realm) + "/protocol/openid-connect/auth?response_type=code&scope=openid"
                + "&client_id=" + Http.enc(clientId) + "&redirect_uri=" + Http.enc(REDIRECT) + "&state=s1&nonce=n1";
        HttpResponse<String> page = MtlsNode.get(browser, authorize);
        Matcher action = Pattern.compile("action=\"([^\"]+)\"").matcher(page.body());
        assertThat(action.find()).as(page.body()).isTrue();
        String loginUrl = URI.create(node.baseUrl()).resolve(action.group(1).replace("&amp;", "&")).toString();
        HttpResponse<String> login = MtlsNode.postForm(browser, loginUrl, Http.params("username", "alice", "password", "alice"));
        String location = login.headers().firstValue("Location").orElseThrow(() -> new AssertionError(login.body()));
        assertThat(location).startsWith(REDIRECT);
        String code = Http.urlParams(location).get("code");
        return MtlsNode.postForm(node.http(certA), node.tokenUrl(realm), Http.params("grant_type", "authorization_code",
                "code", code, "redirect_uri", REDIRECT, "client_id", clientId));
    }
}
