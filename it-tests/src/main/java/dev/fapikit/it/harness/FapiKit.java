package dev.fapikit.it.harness;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;

/**
 * What an integration test works with: the running server, the test PKI, the demo clients' keys, HTTP clients with
 * or without a client certificate, and the admin REST API.
 */
public final class FapiKit implements AutoCloseable {

    /** The server-wide outbound allow-list ({@code fapi-kit-outbound} SPI, provider {@code default}). */
    public static final String OUTBOUND_ALLOWED_HOSTS_OPTION = "--spi-fapi-kit-outbound--default--allowed-hosts=";

    /**
     * Server options the shared test server starts with, beyond {@code docker/keycloak.conf}. Each is an option an admin
     * would set the same way; keep them few and explain each.
     */
    public static final List<String> SHARED_SERVER_OPTIONS = List.of(
            // the log shows what our providers decide
            "--log-level=INFO,dev.fapikit:DEBUG",
            // notification receivers (webhook, ping, push) in the tests listen on loopback, which FAPI Kit refuses
            // unless an admin allow-lists it
            "--spi-fapi-kit-ciba-delivery--default--webhook-allowed-hosts=localhost",
            // the tests' jwks_uri servers listen on loopback too; allow-listed by name only, so 127.0.0.1, [::1] and
            // the other spellings of loopback stay refused (security/OutboundFetchIT)
            OUTBOUND_ALLOWED_HOSTS_OPTION + "localhost");

    private final Path work;
    private final HarnessSettings settings;
    private final TestPki pki;
    private final DemoClients demo;
    private final KeycloakServer server;
    private final AdminApi admin;

    private FapiKit(Path work, HarnessSettings settings, TestPki pki, DemoClients demo, KeycloakServer server) {
        this.work = work;
        this.settings = settings;
        this.pki = pki;
        this.demo = demo;
        this.server = server;
        this.admin = new AdminApi(this);
    }

    /** One node on PostgreSQL, in {@code fapikit.work.dir} (default {@code target/fapi-kit-it}). */
    static FapiKit startShared() {
        HarnessSettings settings = HarnessSettings.load();
        Path work = Path.of(System.getProperty("fapikit.work.dir", "target/fapi-kit-it")).toAbsolutePath();
        TestPki pki = TestPki.loadOrCreate(work.resolve("pki"));
        DemoClients demo = DemoClients.prepare(pki);
        KeycloakServer server = KeycloakServer.builder(settings, pki, work.resolve("node-1"))
                .database(Database.postgres(databaseName(work)).recreate())
                .importRealms(realmFiles(settings))
                .env(demo.env())
                .startOptions(SHARED_SERVER_OPTIONS)
                .startOptions(extraOptions())
                .progress(s -> System.out.println("[fapi-kit] " + s))
                .build()
                .install()
                .start();
        return new FapiKit(work, settings, pki, demo, server);
    }

    /** The realm files users get, from {@code docker/realms/}. */
    public static List<Path> realmFiles(HarnessSettings settings) {
        try (Stream<Path> files = Files.list(settings.realmsDir())) {
            return files.filter(p -> p.toString().endsWith(".json")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code -Dfapikit.server.options="--a=b --c=d"} adds options for a local experiment. */
    private static List<String> extraOptions() {
        String extra = System.getProperty("fapikit.server.options", "").trim();
        return extra.isEmpty() ? List.of() : List.of(extra.split("\\s+"));
    }

    /** One database per work folder, so parallel checkouts on one machine don't share state. */
    private static String databaseName(Path work) {
        try {
            byte[] h = MessageDigest.getInstance("SHA-256").digest(work.toString().getBytes(StandardCharsets.UTF_8));
            return "fapikit_it_" + HexFormat.of().formatHex(h, 0, 5);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Another node set up like the shared one (bundle, configuration, PKI, demo realms, shared options) but on its own
     * embedded dev database in {@code <work>/<name>}, for tests that need a server-wide option the shared node lacks.
     * Add options, then {@code build().install().start()}; stop it when done.
     */
    public KeycloakServer.Builder nodeBuilder(String name) {
        return KeycloakServer.builder(settings, pki, work.resolve(name))
                .importRealms(realmFiles(settings))
                .env(demo.env())
                .startOptions(SHARED_SERVER_OPTIONS)
                .progress(s -> System.out.println("[fapi-kit " + name + "] " + s));
    }

    /**
     * A stock Keycloak 26.7.3 node in {@code <work>/<name>}: same distribution, PKI and HTTPS with client-certificate
     * requests, but no FAPI Kit providers, Keycloak's default TLS settings and no realm files (ours name our
     * providers). For showing what FAPI Kit changes. Add options, then {@code build().install().start()}.
     */
    public KeycloakServer.Builder stockNodeBuilder(String name) {
        return KeycloakServer.builder(settings, pki, work.resolve(name)).stock()
                .progress(s -> System.out.println("[stock " + name + "] " + s));
    }

    /**
     * This kit (PKI, demo clients) pointed at another running node, e.g. one from {@link #nodeBuilder}: its admin API,
     * URLs and HTTP clients are that node's, so test helpers written for the shared node work on it. Closing the view
     * stops that node.
     */
    public FapiKit on(KeycloakServer node) {
        return new FapiKit(work, settings, pki, demo, node);
    }

    public HarnessSettings settings() {
        return settings;
    }

    public KeycloakServer server() {
        return server;
    }

    public TestPki pki() {
        return pki;
    }

    public DemoClients demo() {
        return demo;
    }

    public AdminApi admin() {
        return admin;
    }

    /** {@code https://localhost:<port>} */
    public String baseUrl() {
        return server.baseUrl();
    }

    /** {@code https://localhost:<port>/realms/<realm>}, the realm's issuer. */
    public String realmUrl(String realm) {
        return baseUrl() + "/realms/" + realm;
    }

    /** {@code <realm url>/protocol/openid-connect} */
    public String oidcUrl(String realm) {
        return realmUrl(realm) + "/protocol/openid-connect";
    }

    /** An HTTP client that trusts the test CA, presents {@code clientCert} (or none) and follows no redirects. */
    public HttpClient http(ClientCert clientCert) {
        return HttpClient.newBuilder().sslContext(pki.sslContext(clientCert))
                .followRedirects(HttpClient.Redirect.NEVER).connectTimeout(Duration.ofSeconds(10)).build();
    }

    /** A browser-like client (cookies, no client certificate) for login and approval pages. */
    public Browser browser() {
        return Browser.using(pki.sslContext(null));
    }

    @Override
    public void close() {
        server.stop();
    }
}
