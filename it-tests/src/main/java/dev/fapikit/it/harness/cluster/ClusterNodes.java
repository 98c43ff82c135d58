package dev.fapikit.it.harness.cluster;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;

import dev.fapikit.it.harness.Database;
import dev.fapikit.it.harness.HarnessSettings;
import dev.fapikit.it.harness.FapiKit;
import dev.fapikit.it.harness.KeycloakServer;
import dev.fapikit.it.harness.TestPki;

/**
 * Keycloak nodes that form one cluster, as a bank runs them behind a load balancer: a PostgreSQL database of their own,
 * Keycloak's embedded Infinispan ({@code --cache=ispn}, default {@code jdbc-ping} discovery through that database)
 * with JGroups bound to loopback on a port per node, and one public {@code --hostname} for all, so tokens, client
 * assertions and request objects name the same issuer whichever node serves them.
 *
 * <p>The first node is installed (unpacked, {@code kc.sh build}); the others start from a copy of its installation,
 * so a cluster costs one build. An already built installation (the shared test server's) can seed the first node.
 */
public final class ClusterNodes implements AutoCloseable {

    private final List<KeycloakServer> nodes;

    private ClusterNodes(List<KeycloakServer> nodes) {
        this.nodes = nodes;
    }

    /**
     * Builds (does not start) {@code count} nodes under {@code work}, sharing database {@code dbName} (recreated empty).
     * {@code seedHome}, when it holds a built installation, is copied for the first node instead of unpacking again.
     */
    public static ClusterNodes create(HarnessSettings settings, TestPki pki, Path work, String dbName, int count,
                                      Path seedHome, List<String> extraOptions) {
        Database.Postgres db = Database.postgres(dbName).recreate();
        int[] https = new int[count];
        for (int i = 0; i < count; i++) https[i] = KeycloakServer.freePort();
        String hostname = "https://localhost:" + https[0];
        List<KeycloakServer> nodes = new ArrayList<>();
        Path firstHome = null;
        for (int i = 0; i < count; i++) {
            Path nodeDir = work.resolve("node-" + (char) ('a' + i));
            KeycloakServer.Builder b = KeycloakServer.builder(settings, pki, nodeDir)
                    .database(db)
                    .cache("ispn")
                    .httpsPort(https[i])
                    .hostname(hostname)
                    .heap("-Xms256m -Xmx768m")
                    // JGroups over loopback, one port per node; discovery through the shared database (jdbc-ping)
                    .startOption("--cache-embedded-network-bind-address=127.0.0.1")
                    .startOption("--cache-embedded-network-bind-port=" + KeycloakServer.freePort())
                    // the shared test server's options (notification receivers on loopback allow-listed, ...)
                    .startOptions(FapiKit.SHARED_SERVER_OPTIONS)
                    .startOption("--log-level=INFO,dev.fapikit:DEBUG,org.jgroups:INFO")
                    .startOptions(extraOptions)
                    .progress(s -> System.out.println("[cluster " + nodeDir.getFileName() + "] " + s));
            KeycloakServer node = b.build();
            Path source = i == 0 ? seedHome : firstHome;
            if (source != null && Files.exists(source.resolve("bin/kc.sh")) && !Files.exists(node.home().resolve("bin/kc.sh"))) {
                copyInstallation(source, node.home());
            }
            node.install();
            if (i == 0) firstHome = node.home();
            nodes.add(node);
        }
        return new ClusterNodes(nodes);
    }

    public KeycloakServer node(int index) {
        return nodes.get(index);
    }

    /** The issuer base all nodes share (the first node's address, as a load balancer's would be). */
    public String publicBaseUrl() {
        return nodes.get(0).baseUrl();
    }

    public ClusterNodes startAll() {
        nodes.forEach(KeycloakServer::start);
        return this;
    }

    @Override
    public void close() {
        nodes.forEach(KeycloakServer::stop);
    }

    /** A database name unique to a work folder, so parallel checkouts on one machine don't share a cluster. */
    public static String databaseName(Path work) {
        try {
            byte[] h = MessageDigest.getInstance("SHA-256").digest(work.toAbsolutePath().toString().getBytes(StandardCharsets.UTF_8));
            return "fapikit_cluster_" + HexFormat.of().formatHex(h, 0, 5);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Copies a built installation without its runtime data (caches, transaction logs, imports). */
    static void copyInstallation(Path from, Path to) {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path p : files.toList()) {
                Path rel = from.relativize(p);
                if (rel.startsWith("data")) continue;
                Path target = to.resolve(rel.toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.createDirectories(target.getParent());
                    Files.copy(p, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.COPY_ATTRIBUTES);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
