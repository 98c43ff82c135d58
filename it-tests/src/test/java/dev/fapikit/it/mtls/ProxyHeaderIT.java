package dev.fapikit.it.mtls;

import static dev.fapikit.it.mtls.Tokens.assertInvalidClient;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import dev.fapikit.it.harness.ClientCert;
import dev.fapikit.it.harness.Database;
import dev.fapikit.it.harness.HarnessSettings;
import dev.fapikit.it.harness.Http;
import dev.fapikit.it.harness.KeycloakServer;
import dev.fapikit.it.harness.TestPki;
import dev.fapikit.it.harness.TestPki.CertSpec;

/**
 * Proxy safety: with the {@code rfc9440} certificate lookup (a TLS-terminating proxy forwards the client certificate in
 * {@code Client-Cert}, RFC 9440 §2), the header is honoured only from {@code proxy-trusted-addresses}. A node of its own
 * because the lookup is chosen at build time.
 */
@DisplayName("Client-Cert header from an untrusted address (RFC 9440)")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ProxyHeaderIT {

    private static final String REALM = "master";

    private static TestPki pki;
    private static KeycloakServer server;
    private static ClientCert cert;
    private static String clientId;

    @BeforeAll
    static void start() {
        HarnessSettings settings = HarnessSettings.load();
        Path work = Path.of(System.getProperty("fapikit.work.dir", "target/fapi-kit-it")).toAbsolutePath();
        pki = TestPki.loadOrCreate(work.resolve("pki"));
        server = node(settings, work, "192.0.2.1/32").start();
        cert = pki.issue(CertSpec.named("proxied-client").selfSigned());
        clientId = "proxied-" + System.nanoTime();
        admin("POST", "realms/" + REALM + "/clients", SelfSignedTlsClientAuthIT.selfSignedClient(clientId, cert.publicJwks()));
    }

    /** A node with the rfc9440 lookup that trusts proxies at {@code trusted}. */
    private static KeycloakServer node(HarnessSettings settings, Path work, String trusted) {
        // Keycloak takes proxy-trusted-addresses only together with proxy-headers (it refuses to start otherwise)
        return KeycloakServer.builder(settings, pki, work.resolve("mtls-proxy-node"))
                .database(Database.devFile())
                .buildOption("--spi-x509cert-lookup--provider=rfc9440")
                .startOption("--proxy-headers=xforwarded")
                .startOption("--proxy-trusted-addresses=" + trusted)
                .progress(s -> System.out.println("[fapi-kit mtls-proxy] " + s))
                .build()
                .install();
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.stop();
        }
    }

    @Test
    @Order(1)
    @DisplayName("a Client-Cert header from 127.0.0.1, not a trusted proxy, authenticates nobody")
    void spoofedHeaderIgnored() {
        assertInvalidClient(tokenRequest(Map.of("Client-Cert", rfc9440(cert))));
        assertInvalidClient(tokenRequest(Map.of("Client-Cert", rfc9440(cert), "X-Forwarded-For", "192.0.2.1")));
        assertInvalidClient(tokenRequest(Map.of("Client-Cert", rfc9440(cert), "X-Forwarded-Trusted-Proxy", "true")));
    }

    @Test
    @Order(2)
    @DisplayName("the same header from a trusted proxy address authenticates the client (control)")
    void trustedProxyHeaderHonoured() {
        server.stop();
        HarnessSettings settings = HarnessSettings.load();
        Path work = Path.of(System.getProperty("fapikit.work.dir", "target/fapi-kit-it")).toAbsolutePath();
        server = node(settings, work, "127.0.0.1/32").start();
        HttpResponse<String> token = tokenRequest(Map.of("Client-Cert", rfc9440(cert)));
        assertThat(token.statusCode()).as(token.body()).isEqualTo(200);
    }

    /** RFC 9440 §2.2: the DER certificate as an RFC 8941 byte sequence. */
    private static String rfc9440(ClientCert client) {
        return ":" + client.certificateBase64() + ":";
    }

    private static HttpResponse<String> tokenRequest(Map<String, String> headers) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(server.baseUrl() + "/realms/" + REALM
                        + "/protocol/openid-connect/token"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(Http.form(Http.params("grant_type", "client_credentials",
                        "client_id", clientId))));
        headers.forEach(b::header);
        return MtlsNode.no5xx(Http.send(http(), b.build()));
    }

    private static HttpClient http() {
        return HttpClient.newBuilder().sslContext(pki.sslContext(null)).connectTimeout(Duration.ofSeconds(10)).build();
    }

    private static void admin(String method, String path, Object body) {
        HttpResponse<String> login = Http.postForm(http(), server.baseUrl() + "/realms/master/protocol/openid-connect/token",
                Http.params("grant_type", "password", "client_id", "admin-cli", "username", KeycloakServer.ADMIN_USER,
                        "password", KeycloakServer.ADMIN_PASSWORD));
        JsonNode tokens = Http.json(login);
        try {
            HttpResponse<String> r = Http.send(http(), HttpRequest.newBuilder(URI.create(server.baseUrl() + "/admin/" + path))
                    .header("Authorization", "Bearer " + tokens.get("access_token").asText())
                    .header("Content-Type", "application/json")
                    .method(method, HttpRequest.BodyPublishers.ofString(Http.JSON.writeValueAsString(body))).build());
            assertThat(r.statusCode()).as(r.body()).isBetween(200, 299);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
