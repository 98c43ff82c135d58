package dev.fapikit.it.harness;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The local runner behind {@code docker/run-local.sh}: the same installation the integration tests use, kept in
 * {@code .fapi-kit/} (git-ignored) so a second start is quick, on Keycloak's embedded dev database, at
 * {@code https://localhost:8443}. Ctrl-C stops Keycloak cleanly.
 */
public final class DevRunner {

    /** The complete profiles the bundle installs as global client profiles ({@code fapi-kit-client-profiles.json}). */
    static final List<String> PROFILES = List.of("fapi-kit-fapi-1-baseline", "fapi-kit-fapi-1-advanced", "fapi-kit-fapi-ciba",
            "fapi-kit-fapi-2-security-profile", "fapi-kit-fapi-2-dpop-security-profile", "fapi-kit-fapi-2-message-signing",
            "fapi-kit-fapi-2-dpop-message-signing");

    private DevRunner() {
    }

    public static void main(String[] args) throws Exception {
        boolean prepareOnly = List.of(args).contains("--prepare-only");
        int port = Integer.parseInt(System.getenv().getOrDefault("FAPIKIT_PORT", "8443"));
        int managementPort = Integer.parseInt(System.getenv().getOrDefault("FAPIKIT_MANAGEMENT_PORT", "9000"));
        HarnessSettings settings = HarnessSettings.load();
        Path work = settings.projectRoot().resolve(".fapi-kit");
        step("Test PKI and demo client keys in " + work.resolve("pki"));
        TestPki pki = TestPki.loadOrCreate(work.resolve("pki"));
        DemoClients demo = DemoClients.prepare(pki);
        // the realm files' placeholders, also for docker/compose.yaml (env_file)
        Files.writeString(work.resolve("realm-placeholders.env"), demo.env().entrySet().stream()
                .map(e -> e.getKey() + "=" + e.getValue() + "\n").collect(Collectors.joining()));
        if (prepareOnly) {
            step("Prepared " + work.resolve("pki") + " and " + work.resolve("realm-placeholders.env"));
            return;
        }
        requireFree(port, "FAPIKIT_PORT");
        requireFree(managementPort, "FAPIKIT_MANAGEMENT_PORT");
        String base = "https://localhost:" + port;
        KeycloakServer server = KeycloakServer.builder(settings, pki, work.resolve("server"))
                .database(Database.devFile())
                .httpsPort(port)
                .managementPort(managementPort)
                .importRealms(FapiKit.realmFiles(settings))
                .env(demo.env())
                // development only: the demo's notification receiver (ping, push) listens on loopback, which FAPI Kit
                // refuses for outbound calls unless an admin allow-lists the host
                .startOption("--spi-fapi-kit-ciba-delivery--default--webhook-allowed-hosts=localhost")
                .startOption(FapiKit.OUTBOUND_ALLOWED_HOSTS_OPTION + "localhost")
                .progress(DevRunner::step)
                .build();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            step("Stopping Keycloak");
            server.stop();
        }));
        server.install().start();
        printBanner(base, work, server);
        while (server.isRunning()) {
            Thread.sleep(1000);
        }
    }

    private static void printBanner(String base, Path work, KeycloakServer server) {
        Path pki = work.resolve("pki");
        Path clients = pki.resolve("clients");
        StringBuilder s = new StringBuilder();
        s.append("\n==================================================================================\n");
        s.append(" FAPI Kit is running: Keycloak 26.7.3 with the bundle, mTLS in request mode\n");
        s.append("==================================================================================\n");
        s.append(" Admin console  ").append(base).append("/admin/   (user ").append(KeycloakServer.ADMIN_USER)
                .append(", password ").append(KeycloakServer.ADMIN_PASSWORD).append(")\n");
        s.append(" CA certificate ").append(pki.resolve("ca.pem")).append("\n");
        s.append(" Demo users     alice / alice, bob / bob\n\n");
        s.append(" Realms\n");
        for (String realm : new String[] {"fapi1-advanced", "fapi2", "fapi-ciba"}) {
            s.append(String.format("   %-15s %s/realms/%s/.well-known/openid-configuration%n", realm, base, realm));
        }
        s.append("\n FAPI profiles (global in every realm; admin console: Realm settings > Client policies > Profiles,\n")
                .append(" search \"fapi-kit\"; the Policies tab shows which clients each applies to)\n");
        for (String profile : PROFILES) {
            s.append("   ").append(profile).append("\n");
        }
        for (String realm : new String[] {"fapi1-advanced", "fapi2", "fapi-ciba"}) {
            s.append(String.format("   %-15s %s/admin/master/console/#/%s/realm-settings/client-policies/policies%n", realm, base, realm));
        }
        s.append("\n Play the demo (CIBA, FAPI 1.0 Advanced, FAPI 2.0, mTLS client authentication), in another terminal:\n\n")
                .append("   docker/demo.sh --auto\n");
        s.append("\n Demo clients (certificate and private key, PEM)\n");
        DemoClients.CLIENTS.forEach((client, realm) -> s.append(String.format("   %-14s %-15s %s  %s%n", client, realm,
                clients.resolve(client + ".pem"), clients.resolve(client + ".key"))));
        s.append("\n A certificate-bound access token (RFC 8705 tls_client_auth, client credentials):\n\n");
        s.append("   curl --cacert ").append(pki.resolve("ca.pem"))
                .append(" \\\n     --cert ").append(clients.resolve("fapi1-mtls.pem"))
                .append(" --key ").append(clients.resolve("fapi1-mtls.key"))
                .append(" \\\n     -d grant_type=client_credentials -d client_id=fapi1-mtls \\\n     ")
                .append(base).append("/realms/fapi1-advanced/protocol/openid-connect/token\n\n");
        s.append(" Server log: ").append(server.logFile()).append("\n");
        s.append(" Press Ctrl-C to stop.\n");
        System.out.println(s);
    }

    private static void requireFree(int port, String variable) {
        try (ServerSocket s = new ServerSocket()) {
            s.bind(new InetSocketAddress("127.0.0.1", port));
        } catch (IOException e) {
            System.err.println("Port " + port + " is in use (another FAPI Kit or Keycloak?). Stop it, or choose another port: "
                    + variable + "=<port> docker/run-local.sh");
            System.exit(2);
        }
    }

    private static void step(String message) {
        System.out.println("==> " + message);
    }
}
