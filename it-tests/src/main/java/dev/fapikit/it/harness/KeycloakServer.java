package dev.fapikit.it.harness;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/**
 * One Keycloak node: the real {@code keycloak-quarkus-dist} zip unpacked into its own folder, the FAPI Kit JARs in
 * {@code providers/}, {@code docker/keycloak.conf} as its configuration, {@code kc.sh build}, then
 * {@code kc.sh start --optimized} as a child process on loopback over HTTPS.
 */
public final class KeycloakServer implements AutoCloseable {

    public static final String ADMIN_USER = "admin";
    public static final String ADMIN_PASSWORD = "admin";

    /**
     * A stock node's configuration: Keycloak's defaults plus only what a test client needs to reach it the same way
     * (HTTPS asking for a client certificate, health for the readiness probe). No FAPI Kit TLS policy, no providers.
     */
    static final String STOCK_CONF = "health-enabled=true\nmetrics-enabled=true\nhttps-client-auth=request\nhttp-enabled=false\n";

    private final Builder b;
    private final Path home;
    private Process process;
    private long logOffset;

    private KeycloakServer(Builder b) {
        this.b = b;
        this.home = b.nodeDir.resolve("keycloak-" + b.settings.keycloakVersion());
    }

    public static Builder builder(HarnessSettings settings, TestPki pki, Path nodeDir) {
        return new Builder(settings, pki, nodeDir);
    }

    public String baseUrl() {
        return "https://localhost:" + b.httpsPort;
    }

    public int httpsPort() {
        return b.httpsPort;
    }

    public int managementPort() {
        return b.managementPort;
    }

    public Path home() {
        return home;
    }

    public Path logFile() {
        return b.nodeDir.resolve("server.log");
    }

    /** Unpacks, installs the bundle and runs {@code kc.sh build} when anything that goes into the build changed. */
    public KeycloakServer install() {
        try {
            if (!Files.exists(home.resolve("bin/kc.sh"))) {
                b.progress.accept("Unpacking Keycloak " + b.settings.keycloakVersion() + " from " + b.settings.distZip());
                unzip(b.settings.distZip(), b.nodeDir);
            }
            Path providers = home.resolve("providers");
            boolean providersChanged = syncProviders(b.stock ? null : b.settings.providersDir(), providers);
            if (b.stock) {
                Files.writeString(home.resolve("conf/keycloak.conf"), STOCK_CONF);
                Files.writeString(home.resolve("conf/quarkus.properties"), "");
            } else {
                Files.copy(b.settings.keycloakConf(), home.resolve("conf/keycloak.conf"), StandardCopyOption.REPLACE_EXISTING);
                Files.copy(b.settings.quarkusProperties(), home.resolve("conf/quarkus.properties"), StandardCopyOption.REPLACE_EXISTING);
            }
            List<String> buildArgs = new ArrayList<>(List.of("--db=" + b.database.kind()));
            buildArgs.addAll(b.buildOptions);
            String fingerprint = fingerprint(buildArgs, providers, home.resolve("conf/keycloak.conf"),
                    home.resolve("conf/quarkus.properties"));
            Path marker = home.resolve(".fapi-kit-build");
            if (providersChanged || !Files.exists(marker) || !Files.readString(marker).equals(fingerprint)) {
                b.progress.accept("Building Keycloak " + (b.stock ? "stock, without providers" : "with the FAPI Kit providers")
                        + " (kc.sh build " + String.join(" ", buildArgs) + ")");
                List<String> cmd = new ArrayList<>(List.of(home.resolve("bin/kc.sh").toString(), "build"));
                cmd.addAll(buildArgs);
                Process p = new ProcessBuilder(cmd).directory(home.toFile()).redirectErrorStream(true)
                        .redirectOutput(ProcessBuilder.Redirect.appendTo(b.nodeDir.resolve("build.log").toFile())).start();
                if (!p.waitFor(10, TimeUnit.MINUTES) || p.exitValue() != 0) {
                    throw new IllegalStateException("kc.sh build failed, see " + b.nodeDir.resolve("build.log")
                            + "\n" + tail(b.nodeDir.resolve("build.log"), 40));
                }
                Files.writeString(marker, fingerprint);
            }
            return this;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Starts the node and waits until {@code /health/ready} answers. */
    public KeycloakServer start() {
        if (process != null && process.isAlive()) {
            return this;
        }
        try {
            Path importDir = home.resolve("data/import");
            Files.createDirectories(importDir);
            for (Path realm : b.realmFiles) {
                Files.copy(realm, importDir.resolve(realm.getFileName()), StandardCopyOption.REPLACE_EXISTING);
            }
            List<String> cmd = new ArrayList<>(List.of(home.resolve("bin/kc.sh").toString(), "start", "--optimized",
                    "--http-host=" + b.host,
                    "--https-port=" + b.httpsPort,
                    "--http-management-port=" + b.managementPort,
                    "--hostname=" + (b.hostname != null ? b.hostname : baseUrl()),
                    "--https-certificate-file=" + b.pki.serverCertPem(),
                    "--https-certificate-key-file=" + b.pki.serverKeyPem(),
                    "--https-trust-store-file=" + b.pki.truststore(),
                    "--https-trust-store-password=" + TestPki.TRUSTSTORE_PASSWORD,
                    "--truststore-paths=" + b.pki.caPem(),
                    "--cache=" + b.cache));
            cmd.addAll(b.database.startOptions());
            if (!b.realmFiles.isEmpty()) {
                cmd.add("--import-realm");
            }
            cmd.addAll(b.startOptions);
            Files.createDirectories(b.nodeDir);
            logOffset = Files.exists(logFile()) ? Files.size(logFile()) : 0;
            ProcessBuilder pb = new ProcessBuilder(cmd).directory(home.toFile()).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile().toFile()));
            pb.environment().put("KC_BOOTSTRAP_ADMIN_USERNAME", ADMIN_USER);
            pb.environment().put("KC_BOOTSTRAP_ADMIN_PASSWORD", ADMIN_PASSWORD);
            pb.environment().put("JAVA_OPTS_KC_HEAP", b.heap);
            pb.environment().putAll(b.env);
            b.progress.accept("Starting Keycloak on " + baseUrl() + " (log: " + logFile() + ")");
            Instant started = Instant.now();
            process = pb.start();
            waitReady(started);
            b.progress.accept("Keycloak is ready after " + Duration.between(started, Instant.now()).toSeconds() + " s");
            return this;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Stops the node gracefully (SIGTERM), forcibly after a minute. */
    public void stop() {
        if (process == null) {
            return;
        }
        // kc.sh forwards the signal to Keycloak's JVM; signal both so neither outlives the other
        process.descendants().forEach(ProcessHandle::destroy);
        process.destroy();
        try {
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        process = null;
    }

    public KeycloakServer restart() {
        stop();
        return start();
    }

    public boolean isRunning() {
        return process != null && process.isAlive();
    }

    @Override
    public void close() {
        stop();
    }

    private void waitReady(Instant started) {
        HttpClient http = HttpClient.newBuilder().sslContext(b.pki.sslContext(null))
                .connectTimeout(Duration.ofSeconds(2)).build();
        URI ready = URI.create("https://localhost:" + b.managementPort + "/health/ready");
        while (Duration.between(started, Instant.now()).compareTo(b.startTimeout) < 0) {
            if (!process.isAlive()) {
                throw new IllegalStateException("Keycloak exited with " + process.exitValue() + " during start:\n"
                        + logSinceStart(60));
            }
            try {
                HttpResponse<Void> r = http.send(HttpRequest.newBuilder(ready).timeout(Duration.ofSeconds(2)).build(),
                        HttpResponse.BodyHandlers.discarding());
                if (r.statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            sleep(500);
        }
        stop();
        throw new IllegalStateException("Keycloak not ready after " + b.startTimeout + ":\n" + logSinceStart(60));
    }

    /** The last {@code lines} lines the server logged since its latest start. */
    public String logSinceStart(int lines) {
        try {
            byte[] all = Files.readAllBytes(logFile());
            String since = new String(all, (int) Math.min(logOffset, all.length), (int) Math.max(0, all.length - logOffset),
                    StandardCharsets.UTF_8);
            List<String> l = since.lines().toList();
            return String.join("\n", l.subList(Math.max(0, l.size() - lines), l.size()));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    static String tail(Path file, int lines) {
        try {
            List<String> all = Files.readAllLines(file, StandardCharsets.UTF_8);
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /**
     * Makes {@code target} hold exactly the JARs of {@code source}, touching only those whose content changed (Keycloak
     * refuses an optimized start when a provider file changed after {@code kc.sh build}); true if anything changed.
     */
    private static boolean syncProviders(Path source, Path target) throws IOException {
        // source null: no providers (a stock node)
        boolean changed = false;
        List<Path> wanted = List.of();
        if (source != null) {
            try (Stream<Path> jars = Files.list(source)) {
                wanted = jars.filter(p -> p.toString().endsWith(".jar")).sorted().toList();
            }
        }
        try (Stream<Path> old = Files.list(target)) {
            for (Path p : old.filter(p -> p.toString().endsWith(".jar")).toList()) {
                if (wanted.stream().noneMatch(w -> w.getFileName().equals(p.getFileName()))) {
                    Files.delete(p);
                    changed = true;
                }
            }
        }
        for (Path jar : wanted) {
            Path installed = target.resolve(jar.getFileName());
            if (!Files.exists(installed) || Files.mismatch(jar, installed) != -1) {
                Files.copy(jar, installed, StandardCopyOption.REPLACE_EXISTING);
                changed = true;
            }
        }
        return changed;
    }

    private static String fingerprint(List<String> buildArgs, Path providers, Path... confs) throws IOException {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            md.update(String.join(" ", buildArgs).getBytes(StandardCharsets.UTF_8));
            for (Path conf : confs) {
                md.update(Files.readAllBytes(conf));
            }
            try (Stream<Path> jars = Files.list(providers)) {
                for (Path jar : jars.sorted().toList()) {
                    md.update((jar.getFileName() + "@" + Files.getLastModifiedTime(jar).toMillis()).getBytes(StandardCharsets.UTF_8));
                    md.update(Files.readAllBytes(jar));
                }
            }
            return HexFormat.of().formatHex(md.digest());
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void unzip(Path zip, Path target) throws IOException {
        Files.createDirectories(target);
        try (InputStream in = Files.newInputStream(zip); ZipInputStream z = new ZipInputStream(in)) {
            for (ZipEntry e; (e = z.getNextEntry()) != null; ) {
                Path out = target.resolve(e.getName()).normalize();
                if (!out.startsWith(target)) {
                    throw new IOException("zip entry outside target: " + e.getName());
                }
                if (e.isDirectory()) {
                    Files.createDirectories(out);
                } else {
                    Files.createDirectories(out.getParent());
                    Files.copy(z, out, StandardCopyOption.REPLACE_EXISTING);
                    if (out.toString().endsWith(".sh")) {
                        Files.setPosixFilePermissions(out, PosixFilePermissions.fromString("rwxr-xr-x"));
                    }
                }
            }
        }
    }

    /** A free TCP port on loopback. */
    public static int freePort() {
        try (ServerSocket s = new ServerSocket(0, 0, java.net.InetAddress.getLoopbackAddress())) {
            s.setReuseAddress(true);
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static final class Builder {
        private final HarnessSettings settings;
        private final TestPki pki;
        private final Path nodeDir;
        private Database database = Database.devFile();
        private String cache = "local";
        private String host = "127.0.0.1";
        private String hostname;
        private int httpsPort = freePort();
        private int managementPort = freePort();
        private String heap = "-Xms256m -Xmx1g";
        private Duration startTimeout = Duration.ofMinutes(5);
        private final List<String> buildOptions = new ArrayList<>();
        private final List<String> startOptions = new ArrayList<>();
        private final List<Path> realmFiles = new ArrayList<>();
        private final Map<String, String> env = new LinkedHashMap<>();
        private Consumer<String> progress = s -> { };
        private boolean stock;

        private Builder(HarnessSettings settings, TestPki pki, Path nodeDir) {
            this.settings = settings;
            this.pki = pki;
            this.nodeDir = nodeDir;
        }

        public Builder database(Database database) {
            this.database = database;
            return this;
        }

        /** {@code local} (one node) or {@code ispn} (clustered). */
        public Builder cache(String cache) {
            this.cache = cache;
            return this;
        }

        public Builder httpsPort(int port) {
            this.httpsPort = port;
            return this;
        }

        public Builder managementPort(int port) {
            this.managementPort = port;
            return this;
        }

        /** Address to listen on; loopback unless a test needs more. */
        public Builder host(String host) {
            this.host = host;
            return this;
        }

        /** The public base URL ({@code --hostname}); defaults to {@code https://localhost:<port>}. */
        public Builder hostname(String hostname) {
            this.hostname = hostname;
            return this;
        }

        public Builder buildOption(String option) {
            buildOptions.add(option);
            return this;
        }

        public Builder startOption(String option) {
            startOptions.add(option);
            return this;
        }

        public Builder startOptions(List<String> options) {
            startOptions.addAll(options);
            return this;
        }

        /** Realm files copied into {@code data/import} and imported at start ({@code --import-realm}). */
        public Builder importRealms(List<Path> files) {
            realmFiles.addAll(files);
            return this;
        }

        /** Environment of the server process, e.g. the placeholders of the realm files. */
        public Builder env(Map<String, String> vars) {
            env.putAll(vars);
            return this;
        }

        public Builder heap(String heapOptions) {
            this.heap = heapOptions;
            return this;
        }

        /**
         * Stock Keycloak 26.7.3, as the defects of issue #11 are measured against: no FAPI Kit JARs in
         * {@code providers/} and Keycloak's default configuration ({@link #STOCK_CONF}) instead of ours.
         */
        public Builder stock() {
            this.stock = true;
            return this;
        }

        public Builder progress(Consumer<String> progress) {
            this.progress = progress;
            return this;
        }

        public KeycloakServer build() {
            return new KeycloakServer(this);
        }
    }
}
