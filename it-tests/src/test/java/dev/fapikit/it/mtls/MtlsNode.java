package dev.fapikit.it.mtls;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

import dev.fapikit.it.KeycloakAnswers;
import dev.fapikit.it.harness.ClientCert;
import dev.fapikit.it.harness.Database;
import dev.fapikit.it.harness.FapiKit;
import dev.fapikit.it.harness.HarnessSettings;
import dev.fapikit.it.harness.Http;
import dev.fapikit.it.harness.KeycloakServer;
import dev.fapikit.it.harness.TestPki;

/**
 * A Keycloak node configured as FAPI Kit runs for mutual TLS: the bundle, {@code docker/keycloak.conf},
 * {@code conf/quarkus.properties} from {@code docker/} (installed by the harness; the TLS layer accepts every client
 * certificate and the authenticators decide) and the mTLS alias origin {@code https://127.0.0.1:<port>}.
 *
 * <p>A node of its own because the mTLS alias origin is a server-wide option the shared test server does not set; one
 * node serves all mTLS IT classes of the JVM ({@link Extension}).
 */
final class MtlsNode {

    static final String MTLS_BASE_URL_OPTION = "--spi-fapi-kit-metadata--mtls-endpoint-aliases--mtls-base-url=";

    private final TestPki pki;
    private final KeycloakServer server;
    private final HttpClient adminHttp;
    private String adminToken;
    private long adminTokenTime;

    private MtlsNode(TestPki pki, KeycloakServer server) {
        this.pki = pki;
        this.server = server;
        this.adminHttp = http(null);
    }

    static MtlsNode start() {
        HarnessSettings settings = HarnessSettings.load();
        Path work = Path.of(System.getProperty("fapikit.work.dir", "target/fapi-kit-it")).toAbsolutePath();
        TestPki pki = TestPki.loadOrCreate(work.resolve("pki"));
        int port = KeycloakServer.freePort();
        KeycloakServer server = KeycloakServer.builder(settings, pki, work.resolve("mtls-node"))
                .database(Database.devFile())
                .httpsPort(port)
                .startOption("--log-level=INFO,dev.fapikit:DEBUG")
                // the jwks_uri server of self_signed_tls_client_auth clients listens on loopback (JwksServer)
                .startOption(FapiKit.OUTBOUND_ALLOWED_HOSTS_OPTION + "localhost")
                // RFC 8705 §5: clients use this origin for token, introspection, revocation, userinfo ...
                .startOption(MTLS_BASE_URL_OPTION + "https://127.0.0.1:" + port)
                .progress(s -> System.out.println("[fapi-kit mtls] " + s))
                .build()
                .install();
        return new MtlsNode(pki, server.start());
    }

    TestPki pki() {
        return pki;
    }

    KeycloakServer server() {
        return server;
    }

    String baseUrl() {
        return server.baseUrl();
    }

    /** The origin of {@code mtls_endpoint_aliases}; the same node, reached as 127.0.0.1. */
    String mtlsBaseUrl() {
        return "https://127.0.0.1:" + server.httpsPort();
    }

    String realmUrl(String realm) {
        return baseUrl() + "/realms/" + realm;
    }

    String tokenUrl(String realm) {
        return realmUrl(realm) + "/protocol/openid-connect/token";
    }

    /** An HTTP client that trusts the test CA and presents {@code cert} (or none). */
    HttpClient http(ClientCert cert) {
        return HttpClient.newBuilder().sslContext(pki.sslContext(cert)).connectTimeout(Duration.ofSeconds(10))
                .followRedirects(HttpClient.Redirect.NEVER).build();
    }

    /** POSTs a form and checks the server did not fail (no 5xx in these tests). */
    static HttpResponse<String> postForm(HttpClient http, String url, Map<String, String> params) {
        return no5xx(Http.postForm(http, url, params));
    }

    static HttpResponse<String> get(HttpClient http, String url, String... headers) {
        return no5xx(Http.get(http, url, headers));
    }

    static HttpResponse<String> postJson(HttpClient http, String url, String bearer, String json) {
        return no5xx(Http.send(http, HttpRequest.newBuilder(URI.create(url)).header("Content-Type", "application/json")
                .header("Authorization", "Bearer " + bearer).POST(HttpRequest.BodyPublishers.ofString(json)).build()));
    }

    static HttpResponse<String> no5xx(HttpResponse<String> response) {
        assertThat(response.statusCode()).as("%s %s → %s", response.request().method(), response.request().uri(),
                response.body()).isLessThan(500);
        return response;
    }

    /** A new realm with a unique name and FAPI Kit's defaults. */
    String createRealm(String prefix) {
        String realm = prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
        HttpResponse<String> r = admin("POST", "realms", "{\"realm\":\"" + realm + "\",\"enabled\":true}");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        return realm;
    }

    /** Creates a client from its JSON representation; returns its internal id. */
    String createClient(String realm, Map<String, Object> representation) {
        try {
            HttpResponse<String> r = admin("POST", "realms/" + realm + "/clients", Http.JSON.writeValueAsString(representation));
            assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
            String location = r.headers().firstValue("Location").orElseThrow();
            return location.substring(location.lastIndexOf('/') + 1);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** An initial access token for dynamic client registration in the realm (RFC 7591 §3). */
    String initialAccessToken(String realm) {
        HttpResponse<String> r = admin("POST", "realms/" + realm + "/clients-initial-access", "{\"count\":20,\"expiration\":3600}");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(KeycloakAnswers.initialAccessCreated()); // 201 from Keycloak 26.7, 200 before
        return Http.json(r).get("token").asText();
    }

    JsonNode adminGet(String path) {
        HttpResponse<String> r = admin("GET", path, null);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return Http.json(r);
    }

    HttpResponse<String> admin(String method, String path, String json) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(baseUrl() + "/admin/" + path))
                .header("Authorization", "Bearer " + adminToken())
                .method(method, json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json));
        if (json != null) {
            b.header("Content-Type", "application/json");
        }
        return no5xx(Http.send(adminHttp, b.build()));
    }

    private synchronized String adminToken() {
        if (adminToken == null || System.currentTimeMillis() - adminTokenTime > 30_000) {
            HttpResponse<String> r = Http.postForm(adminHttp, tokenUrl("master"), Http.params("grant_type", "password",
                    "client_id", "admin-cli", "username", KeycloakServer.ADMIN_USER, "password", KeycloakServer.ADMIN_PASSWORD));
            assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
            adminToken = Http.json(r).get("access_token").asText();
            adminTokenTime = System.currentTimeMillis();
        }
        return adminToken;
    }

    /** Client authenticator executions of the realm's client authentication flow. */
    List<String> clientFlowAuthenticators(String realm) {
        return adminGet("realms/" + realm + "/authentication/flows/clients/executions").findValuesAsText("providerId");
    }

    /** Resolves {@link MtlsNode} parameters; the node starts once per JVM and stops when the run ends. */
    static final class Extension implements ParameterResolver {

        private static final ExtensionContext.Namespace NS = ExtensionContext.Namespace.create(MtlsNode.class);

        @Override
        public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
            return parameter.getParameter().getType() == MtlsNode.class;
        }

        @Override
        public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
            return context.getRoot().getStore(NS).getOrComputeIfAbsent(Started.class, k -> new Started(MtlsNode.start()),
                    Started.class).node();
        }

        private record Started(MtlsNode node) implements AutoCloseable {
            @Override
            public void close() {
                node.server().stop();
            }
        }
    }
}
