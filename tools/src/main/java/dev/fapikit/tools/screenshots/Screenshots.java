package dev.fapikit.tools.screenshots;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import dev.fapikit.it.harness.DemoClients;
import dev.fapikit.it.harness.FapiKit;
import dev.fapikit.it.harness.HarnessSettings;
import dev.fapikit.it.harness.KeycloakServer;
import dev.fapikit.it.harness.TestPki;

/**
 * {@code docs/screenshots.sh}: starts a FAPI Kit node as {@code docker/run-local.sh} does (demo realms, dev PKI, fresh
 * embedded database in {@code .fapi-kit/screenshots/}; before that, for the screens marked so, the same node without
 * realms and with the complete profiles loaded server-wide), visits every screen of {@code docs/screenshots/manifest.json}
 * in headless Chromium, checks that the texts the guide names are there, writes the screenshots into
 * {@code docs/images/} and exits 1 listing whatever is missing.
 *
 * <p>Options: {@code --only id,id} visits some screens; {@code --base-url https://localhost:8443} uses a running
 * server instead (with the PKI in {@code .fapi-kit/screenshots/pki}); {@code --keep-running} leaves the started
 * server up and prints its URL.
 */
public final class Screenshots {

    static final String ADMIN_USER = KeycloakServer.ADMIN_USER;
    static final String ADMIN_PASSWORD = KeycloakServer.ADMIN_PASSWORD;
    /** The complete profiles as global profiles of every realm (admin guide, "Choosing a profile"). */
    static final String SERVER_WIDE_OPTION = "--spi-security-profile--default--name=fapi-kit-security-profile";
    private Screenshots() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> opts = options(args);
        HarnessSettings settings = HarnessSettings.load();
        Path root = settings.projectRoot();
        Path manifestFile = root.resolve(opts.getOrDefault("manifest", "docs/screenshots/manifest.json"));
        Path out = root.resolve(opts.getOrDefault("out", "docs/images"));
        Path work = root.resolve(".fapi-kit/screenshots");
        Set<String> only = opts.containsKey("only") ? Set.of(opts.get("only").split(",")) : Set.of();
        Manifest manifest = Manifest.load(manifestFile);

        TestPki pki = TestPki.loadOrCreate(work.resolve("pki"));
        DemoClients demo = DemoClients.prepare(pki);
        List<Manifest.Screen> selected = manifest.screens().stream().filter(s -> only.isEmpty() || only.contains(s.id())).toList();
        List<Manifest.Screen> serverWide = selected.stream()
                .filter(s -> s.server().equals(Manifest.Screen.SERVER_WIDE_PROFILES)).toList();
        List<Manifest.Screen> onDemo = selected.stream().filter(s -> s.server().equals(Manifest.Screen.DEMO)).toList();
        Report report = new Report(out, work.resolve("failed"));
        String baseUrl = opts.get("base-url");

        if (!serverWide.isEmpty() && baseUrl != null) {
            serverWide.forEach(s -> System.out.println("  - " + s.id() + ": skipped, needs a server of its own (drop --base-url)"));
        } else if (!serverWide.isEmpty()) {
            // the guide's "Load them server-wide": a node without realm files (theirs would clash with global profiles)
            KeycloakServer server = node(settings, pki, work).startOption(SERVER_WIDE_OPTION).build().install();
            deleteTree(server.home().resolve("data/h2"));
            try {
                server.start();
                report.visit(serverWide, Map.of(), server.baseUrl());
            } finally {
                server.stop();
            }
        }

        KeycloakServer server = null;
        if (baseUrl == null && !onDemo.isEmpty()) {
            server = node(settings, pki, work).importRealms(FapiKit.realmFiles(settings)).env(demo.env()).build().install();
            deleteTree(server.home().resolve("data/h2")); // every run from the realm files alone
            server.start();
            baseUrl = server.baseUrl();
        }
        try {
            if (!onDemo.isEmpty()) {
                System.out.println("==> Preparing the demo's clients and a pending CIBA request for alice");
                Map<String, String> variables = new Fixture(baseUrl, pki, demo, settings.providersDir()).prepare();
                report.visit(onDemo, variables, baseUrl);
            }
        } finally {
            if (server != null && opts.containsKey("keep-running")) {
                System.out.println(report.summary());
                System.out.println("==> Server still running at " + baseUrl + " (--base-url " + baseUrl + "); Ctrl-C stops it");
                KeycloakServer running = server;
                Runtime.getRuntime().addShutdownHook(new Thread(running::stop));
                while (running.isRunning()) {
                    Thread.sleep(1000);
                }
            } else if (server != null) {
                server.stop();
            }
        }
        System.out.println(report.summary());
        System.exit(report.missing.isEmpty() ? 0 : 1);
    }

    /** The node both servers run on (one installation, one build; a fresh database each start). */
    private static KeycloakServer.Builder node(HarnessSettings settings, TestPki pki, Path work) {
        return KeycloakServer.builder(settings, pki, work.resolve("server"))
                .startOptions(FapiKit.SHARED_SERVER_OPTIONS)
                .progress(s -> System.out.println("==> " + s));
    }

    /** What the visits found. */
    private static final class Report {
        private final Path out;
        private final Path failedDir;
        private final Map<String, List<String>> missing = new LinkedHashMap<>();
        private int visited;
        private int taken;

        Report(Path out, Path failedDir) {
            this.out = out;
            this.failedDir = failedDir;
        }

        void visit(List<Manifest.Screen> screens, Map<String, String> variables, String baseUrl) {
            try (Console console = new Console(baseUrl)) {
                for (Manifest.Screen raw : screens) {
                    Manifest.Screen screen = raw.resolve(variables);
                    visited++;
                    console.desktop();
                    List<String> absent = new ArrayList<>();
                    try {
                        screen.steps().forEach(console::step);
                        absent.addAll(console.waitForText(screen.expect()));
                    } catch (Console.StepFailed e) {
                        absent.add("navigation: " + e.getMessage());
                    }
                    if (absent.isEmpty()) {
                        if (screen.screenshot() != null) {
                            console.screenshot(out.resolve(screen.screenshot()), screen.focus());
                            taken++;
                        }
                        System.out.println("  ✓ " + screen.id() + (screen.screenshot() == null ? "" : "  → " + screen.screenshot()));
                    } else {
                        missing.put(screen.id() + " (" + screen.guide() + ")", absent);
                        System.out.println("  ✗ " + screen.id() + ": missing " + absent);
                        console.screenshot(failedDir.resolve(screen.id() + ".png"), null);
                        write(failedDir.resolve(screen.id() + ".txt"), console.currentUrl() + "\n\n" + console.visibleText());
                    }
                }
            }
        }

        String summary() {
            if (missing.isEmpty()) {
                return "\nAll " + visited + " screens show what the guide names; " + taken + " screenshots in " + out;
            }
            return "\n" + missing.size() + " of " + visited + " screens lack what the guide names"
                    + " (page text and screenshot of each in " + failedDir + "):\n"
                    + missing.entrySet().stream().map(e -> "  " + e.getKey() + ": "
                            + e.getValue().stream().map(t -> "\"" + t + "\"").collect(Collectors.joining(", ")))
                            .collect(Collectors.joining("\n"));
        }
    }

    private static Map<String, String> options(String[] args) {
        Map<String, String> opts = new LinkedHashMap<>();
        List<String> list = Arrays.asList(args);
        for (int i = 0; i < list.size(); i++) {
            String a = list.get(i);
            if (!a.startsWith("--")) {
                throw new IllegalArgumentException("unexpected argument " + a);
            }
            String name = a.substring(2);
            if (name.equals("keep-running")) {
                opts.put(name, "true");
            } else if (i + 1 < list.size()) {
                opts.put(name, list.get(++i));
            } else {
                throw new IllegalArgumentException(a + " needs a value");
            }
        }
        return opts;
    }

    private static void write(Path file, String text) {
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
