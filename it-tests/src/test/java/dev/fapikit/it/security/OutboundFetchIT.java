package dev.fapikit.it.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import dev.fapikit.it.KeycloakAnswers;
import dev.fapikit.it.harness.ClientCert;
import dev.fapikit.it.harness.FapiKit;
import dev.fapikit.it.harness.FapiKitServer;
import dev.fapikit.it.harness.Http;
import dev.fapikit.it.harness.Jose;
import dev.fapikit.it.harness.TestPki;
import dev.fapikit.it.harness.TestPki.CertSpec;

/**
 * Issue 16 §2 and §5: no client metadata may make the server reach inside its network. A client's {@code jwks_uri},
 * {@code request_uris}, {@code backchannel_logout_uri} and {@code sector_identifier_uri} on a loopback, private or
 * link-local address, in any IPv4 or IPv6 spelling, are refused at registration (dynamic registration and admin API,
 * RFC 7591 §3.2.2 {@code invalid_client_metadata}); a {@code jwks_uri} that slipped past registration (partial import)
 * is refused again when the keys are fetched, and a fetch that fails tells the client nothing about the network
 * (RFC 6749 §5.2 {@code invalid_client}). The test server allow-lists {@code localhost} by name only
 * ({@link FapiKit#SHARED_SERVER_OPTIONS}), so a key server on loopback reached as {@code localhost} still works.
 */
@FapiKitServer
class OutboundFetchIT {

    static String realm;
    static ClientCert key;
    /** A key server on loopback that counts what reaches it: the refused URLs point at it. */
    static Target target;

    @BeforeAll
    static void setUp(FapiKit kit) {
        realm = "ssrf-" + UUID.randomUUID().toString().substring(0, 8);
        HttpResponse<String> r = kit.admin().post("realms", Map.of("realm", realm, "enabled", true));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        key = kit.pki().issue(CertSpec.named("ssrf-client").subject("CN=ssrf-client").keys(TestPki.rsa(2048)));
        target = new Target(key.publicJwks());
    }

    @AfterAll
    static void tearDown(FapiKit kit) {
        target.close();
        kit.admin().delete("realms/" + realm);
    }

    /** Loopback spellings of the key server, and addresses inside the network. */
    static final String[] INSIDE = {"https://127.0.0.1:%d/jwks", "https://[0:0:0:0:0:0:0:1]:%d/jwks", "https://[::1]:%d/jwks",
            "https://[::ffff:127.0.0.1]:%d/jwks", "https://[::127.0.0.1]:%d/jwks", "https://[::ffff:0:127.0.0.1]:%d/jwks",
            "https://[64:ff9b::127.0.0.1]:%d/jwks", "https://[2002:7f00:1::]:%d/jwks", "https://10.1.2.3:%d/jwks",
            "https://169.254.169.254:%d/latest/meta-data", "https://[fd00::1]:%d/jwks", "https://0.0.0.0:%d/jwks"};

    static HttpResponse<String> register(FapiKit kit, String metadata) {
        HttpResponse<String> iat = kit.admin().post("realms/" + realm + "/clients-initial-access", Map.of("count", 1, "expiration", 600));
        assertThat(iat.statusCode()).as(iat.body()).isEqualTo(KeycloakAnswers.initialAccessCreated()); // 201 from Keycloak 26.7, 200 before
        String body = "{\"redirect_uris\":[\"https://client.example.org/cb\"],\"grant_types\":[\"client_credentials\"]," + metadata + "}";
        return Http.send(kit.http(null), HttpRequest.newBuilder(URI.create(kit.realmUrl(realm) + "/clients-registrations/openid-connect"))
                .header("Authorization", "Bearer " + Http.json(iat).get("token").asText())
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build());
    }

    static void assertInvalidClientMetadata(HttpResponse<String> r, String... mentions) {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(400);
        JsonNode error = Http.json(r);
        assertThat(error.get("error").asText()).isEqualTo("invalid_client_metadata");
        assertThat(error.get("error_description").asText()).doesNotContainPattern("[A-Z][A-Za-z]+Exception");
        if (mentions.length > 0) assertThat(error.get("error_description").asText()).contains(mentions);
    }

    @Nested
    @DisplayName("Dynamic registration (RFC 7591 §3.2.2)")
    class DynamicRegistration {

        @ParameterizedTest(name = "jwks_uri {0} → 400 invalid_client_metadata")
        @DisplayName("a jwks_uri on a non-public address, in any spelling, is refused and never fetched")
        @ValueSource(ints = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11})
        void jwksUriRefused(int i, FapiKit kit) {
            int before = target.hits();
            String uri = INSIDE[i].formatted(target.port());
            assertInvalidClientMetadata(register(kit, "\"token_endpoint_auth_method\":\"private_key_jwt\",\"jwks_uri\":\"" + uri + "\""),
                    "jwks_uri", "non-public address");
            assertThat(target.hits()).isEqualTo(before);
        }

        @Test
        @DisplayName("request_uris, backchannel_logout_uri and sector_identifier_uri on loopback are refused before Keycloak fetches any")
        void otherFetchedMetadataRefused(FapiKit kit) {
            int before = target.hits();
            String loop = "https://127.0.0.1:" + target.port();
            assertInvalidClientMetadata(register(kit, "\"request_uris\":[\"" + loop + "/ro\"]"), "request_uris", "non-public address");
            assertInvalidClientMetadata(register(kit, "\"backchannel_logout_uri\":\"https://[::ffff:0:127.0.0.1]:" + target.port() + "/logout\""),
                    "backchannel_logout_uri", "non-public address");
            assertInvalidClientMetadata(register(kit, "\"subject_type\":\"pairwise\",\"sector_identifier_uri\":\"https://127.0.0.1:"
                    + target.port() + "/sector\""), "sector_identifier_uri", "non-public address");
            assertThat(target.hits()).isEqualTo(before);
        }

        @Test
        @DisplayName("a refusal does not reveal which address a host name resolves to")
        void refusalNamesNoResolvedAddress(FapiKit kit) throws Exception {
            // the machine's own name: resolves to loopback here and is not on the allow-list
            String name = InetAddress.getLocalHost().getHostName();
            assumeThat(InetAddress.getByName(name).isLoopbackAddress()).as(name + " resolves to loopback").isTrue();
            HttpResponse<String> r = register(kit, "\"jwks_uri\":\"https://" + name + ":" + target.port() + "/jwks\"");
            assertInvalidClientMetadata(r, "jwks_uri", "non-public address");
            assertThat(Http.json(r).get("error_description").asText()).doesNotContain("127.0.0.1", "::1");
        }

        @Test
        @DisplayName("metadata Keycloak cannot use is invalid_client_metadata with a human description, no exception name (issue 16 §5)")
        void unusableMetadataNamesNoException(FapiKit kit) {
            HttpResponse<String> r = register(kit, "\"token_endpoint_auth_method\":\"private_key_jwt\","
                    + "\"jwks\":{\"keys\":[{\"kty\":\"RSA\",\"use\":\"sig\",\"n\":\"%%%\",\"e\":\"AQAB\"}]}");
            assertInvalidClientMetadata(r);
            assertThat(Http.json(r).get("error_description").asText()).doesNotContain("NullPointer", "IllegalArgument", "Exception")
                    .isNotBlank();
        }

        @Test
        @DisplayName("a jwks_uri on the allow-listed host is registered")
        void allowListedHostRegistered(FapiKit kit) {
            HttpResponse<String> r = register(kit, "\"token_endpoint_auth_method\":\"private_key_jwt\",\"jwks_uri\":\"" + target.uri() + "\"");
            assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        }
    }

    @Nested
    @DisplayName("Admin API")
    class AdminApi {

        @ParameterizedTest(name = "jwks.url {0} → 400")
        @DisplayName("a client with a jwks_uri on a non-public address is refused")
        @ValueSource(ints = {0, 2, 3, 6, 8, 9})
        void jwksUriRefused(int i, FapiKit kit) {
            HttpResponse<String> r = kit.admin().post("realms/" + realm + "/clients",
                    jwksUriClient("admin-" + i, INSIDE[i].formatted(target.port())));
            assertThat(r.statusCode()).as(r.body()).isEqualTo(400);
            assertThat(r.body()).contains("jwks_uri", "non-public address");
        }

        @Test
        @DisplayName("a backchannel logout URL on a link-local address is refused")
        void backchannelLogoutRefused(FapiKit kit) {
            HttpResponse<String> r = kit.admin().post("realms/" + realm + "/clients", Map.of("clientId", "admin-logout",
                    "attributes", Map.of("backchannel.logout.url", "https://169.254.169.254/logout")));
            assertThat(r.statusCode()).as(r.body()).isEqualTo(400);
            assertThat(r.body()).contains("backchannel_logout_uri", "non-public address");
        }
    }

    @Nested
    @DisplayName("At fetch time (private_key_jwt, RFC 7523 §3)")
    class AtFetch {

        @Test
        @DisplayName("a loopback jwks_uri that slipped past registration (import) is never fetched; the client gets a generic invalid_client")
        void importedLoopbackJwksUriRefused(FapiKit kit) {
            int before = target.hits();
            for (String uri : List.of("https://127.0.0.1:%d/jwks", "https://[::ffff:127.0.0.1]:%d/jwks", "https://[64:ff9b::127.0.0.1]:%d/jwks", "https://[::1]:%d/jwks")) {
                String client = imported(kit, uri.formatted(target.port()));
                assertGenericInvalidClient(authenticate(kit, client), target.port());
            }
            assertThat(target.hits()).isEqualTo(before);
        }

        @Test
        @DisplayName("a fetch that fails (connection refused, not a JWK set) tells the client nothing about the network")
        void fetchErrorsAreGeneric(FapiKit kit) {
            int closed = closedPort();
            assertGenericInvalidClient(authenticate(kit, imported(kit, "http://localhost:" + closed + "/jwks")), closed);
            try (Target metrics = new Target("# HELP jvm_memory_used_bytes\njvm_memory_used_bytes 1\n")) {
                assertGenericInvalidClient(authenticate(kit, imported(kit, metrics.uri())), metrics.port());
                assertThat(metrics.hits()).isPositive();
            }
        }

        @Test
        @DisplayName("a client whose jwks_uri is on the allow-listed host authenticates")
        void allowListedHostAuthenticates(FapiKit kit) {
            int before = target.hits();
            HttpResponse<String> created = kit.admin().post("realms/" + realm + "/clients", jwksUriClient("allowed-uri", target.uri()));
            assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
            HttpResponse<String> ok = authenticate(kit, "allowed-uri");
            assertThat(ok.statusCode()).as(ok.body()).isEqualTo(200);
            assertThat(target.hits()).isGreaterThan(before);
        }
    }

    @Nested
    @DisplayName("At fetch time (request_uri by reference, OpenID Connect Core §6.2)")
    class RequestUriAtFetch {

        /** A client with {@code request_uris} on {@code base} (partial import: no registration check) and the authorization request naming it. */
        HttpResponse<String> authorize(FapiKit kit, String base) {
            String clientId = "ro-" + UUID.randomUUID().toString().substring(0, 8);
            Map<String, Object> client = Map.of("clientId", clientId, "publicClient", false, "secret", UUID.randomUUID().toString(),
                    "standardFlowEnabled", true, "redirectUris", List.of("https://client.example.org/cb"),
                    "attributes", Map.of("request.uris", base + "/*"));
            HttpResponse<String> r = kit.admin().post("realms/" + realm + "/partialImport",
                    Map.of("ifResourceExists", "FAIL", "clients", List.of(client)));
            assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
            return Http.get(kit.http(null), kit.oidcUrl(realm) + "/auth?" + Http.form(Http.params("client_id", clientId, "response_type", "code",
                    "scope", "openid", "redirect_uri", "https://client.example.org/cb", "request_uri", base + "/request-object")));
        }

        @Test
        @DisplayName("a request_uri on loopback that slipped past registration is never fetched: 400 Invalid Request, no connection")
        void loopbackRequestUriNeverFetched(FapiKit kit) {
            int before = target.hits();
            HttpResponse<String> page = authorize(kit, "http://127.0.0.1:" + target.port());
            assertThat(page.statusCode()).as(page.body()).isEqualTo(400);
            assertThat(page.body()).doesNotContain(Integer.toString(target.port())).doesNotContainPattern("[A-Z][a-z]+Exception");
            assertThat(target.hits()).as("requests that reached the loopback server").isEqualTo(before);
        }

        @Test
        @DisplayName("a request_uri on the allow-listed host is fetched")
        void allowListedRequestUriFetched(FapiKit kit) {
            int before = target.hits();
            HttpResponse<String> page = authorize(kit, "http://localhost:" + target.port());
            // the target answers a JWK set, not a request object: Keycloak refuses it after fetching
            assertThat(page.statusCode()).as(page.body()).isEqualTo(400);
            assertThat(target.hits()).isEqualTo(before + 1);
        }
    }

    @Nested
    @DisplayName("At logout (OpenID Connect Back-Channel Logout §2.5)")
    class BackchannelLogoutAtSend {

        /**
         * A client whose back-channel logout URL is {@code url} (partial import: no registration check), a session of a
         * new user with it (password grant), then the admin logs the user out, which sends the logout token.
         */
        void logoutThrough(FapiKit kit, String url) {
            String clientId = "bcl-" + UUID.randomUUID().toString().substring(0, 8);
            String secret = UUID.randomUUID().toString();
            Map<String, Object> client = Map.of("clientId", clientId, "publicClient", false, "secret", secret,
                    "directAccessGrantsEnabled", true, "standardFlowEnabled", false,
                    "attributes", Map.of("backchannel.logout.url", url, "backchannel.logout.session.required", "true"));
            HttpResponse<String> r = kit.admin().post("realms/" + realm + "/partialImport",
                    Map.of("ifResourceExists", "FAIL", "clients", List.of(client)));
            assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
            String username = "u-" + UUID.randomUUID().toString().substring(0, 8);
            r = kit.admin().post("realms/" + realm + "/users", Map.of("username", username, "enabled", true, "email", username + "@example.org",
                    "firstName", "U", "lastName", "U", "credentials", List.of(Map.of("type", "password", "value", "pw-" + secret, "temporary", false))));
            assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
            HttpResponse<String> token = Http.postForm(kit.http(null), kit.oidcUrl(realm) + "/token", Http.params("grant_type", "password",
                    "client_id", clientId, "client_secret", secret, "username", username, "password", "pw-" + secret, "scope", "openid"));
            assertThat(token.statusCode()).as(token.body()).isEqualTo(200);
            String userId = kit.admin().get("realms/" + realm + "/users?exact=true&username=" + username).get(0).get("id").asText();
            r = kit.admin().post("realms/" + realm + "/users/" + userId + "/logout", Map.of());
            assertThat(r.statusCode()).as(r.body()).isEqualTo(204);
        }

        @Test
        @DisplayName("a loopback back-channel logout URL that slipped past registration gets no logout token")
        void loopbackLogoutUrlGetsNothing(FapiKit kit) {
            int before = target.hits();
            logoutThrough(kit, "http://127.0.0.1:" + target.port() + "/logout");
            // the logout is sent within the admin request; nothing arrives afterwards either
            org.awaitility.Awaitility.await().during(java.time.Duration.ofSeconds(1)).atMost(java.time.Duration.ofSeconds(3))
                    .until(() -> target.hits() == before);
        }

        @Test
        @DisplayName("a back-channel logout URL on the allow-listed host receives the logout token")
        void allowListedLogoutUrlReceivesIt(FapiKit kit) {
            int before = target.hits();
            logoutThrough(kit, "http://localhost:" + target.port() + "/logout");
            org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(5)).until(() -> target.hits() == before + 1);
        }
    }

    static Map<String, Object> jwksUriClient(String clientId, String jwksUri) {
        return Map.of("clientId", clientId, "clientAuthenticatorType", "client-jwt", "serviceAccountsEnabled", true,
                "attributes", Map.of("use.jwks.url", "true", "jwks.url", jwksUri));
    }

    /** A client created by partial import, which does not run client validation. */
    static String imported(FapiKit kit, String jwksUri) {
        String clientId = "imported-" + UUID.randomUUID().toString().substring(0, 8);
        HttpResponse<String> r = kit.admin().post("realms/" + realm + "/partialImport",
                Map.of("ifResourceExists", "FAIL", "clients", List.of(jwksUriClient(clientId, jwksUri))));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return clientId;
    }

    static HttpResponse<String> authenticate(FapiKit kit, String clientId) {
        return Http.postForm(kit.http(null), kit.oidcUrl(realm) + "/token", Http.params("grant_type", "client_credentials",
                "client_id", clientId, "client_assertion_type", Jose.CLIENT_ASSERTION_TYPE,
                "client_assertion", Jose.clientAssertion(key, clientId, kit.realmUrl(realm))));
    }

    /**
     * RFC 6749 §5.2: {@code invalid_client}, 400 as Keycloak answers every failed {@code private_key_jwt} at the token
     * endpoint (no Authorization header was used, so 401 is not required); the description is Keycloak's generic one.
     */
    static void assertGenericInvalidClient(HttpResponse<String> r, int port) {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(400);
        JsonNode error = Http.json(r);
        assertThat(error.get("error").asText()).isEqualTo("invalid_client");
        assertThat(error.path("error_description").asText()).as(r.body())
                .doesNotContain(Integer.toString(port), "127.0.0.1", "localhost", "::", "Exception", "onnect", "refused", "HELP", "#")
                .doesNotContainPattern("[A-Z][a-z]+[A-Z][A-Za-z]*Exception");
    }

    static int closedPort() {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** An HTTP server on 127.0.0.1 answering one body at /jwks (and any path), counting requests. */
    static final class Target implements AutoCloseable {
        private final HttpServer server;
        private final AtomicInteger hits = new AtomicInteger();

        Target(String body) {
            try {
                server = HttpServer.create(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0), 0);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            server.createContext("/", exchange -> {
                hits.incrementAndGet();
                exchange.getResponseHeaders().add("Content-Type", "application/json");
                exchange.sendResponseHeaders(200, bytes.length);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(bytes);
                }
            });
            server.start();
        }

        int port() {
            return server.getAddress().getPort();
        }

        int hits() {
            return hits.get();
        }

        /** By the allow-listed name. */
        String uri() {
            return "http://localhost:" + port() + "/jwks";
        }

        @Override
        public void close() {
            server.stop(0);
        }
    }
}
