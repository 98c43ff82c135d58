package dev.fapikit.it.screenshots;

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
 * embedded database in {@code .fapi-kit/screenshots/}), visits every screen of {@code docs/screenshots/manifest.json}
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
        KeycloakServer server = null;
        String baseUrl = opts.get("base-url");
        if (baseUrl == null) {
            server = KeycloakServer.builder(settings, pki, work.resolve("server"))
                    .importRealms(FapiKit.realmFiles(settings))
                    .env(demo.env())
                    .startOptions(FapiKit.SHARED_SERVER_OPTIONS)
                    .progress(s -> System.out.println("==> " + s))
                    .build()
                    .install();
            deleteTree(server.home().resolve("data/h2")); // every run from the realm files alone
            server.start();
            baseUrl = server.baseUrl();
        }
        int exit;
        try {
            System.out.println("==> Preparing the demo's clients and a pending CIBA request for alice");
            Map<String, String> variables = new Fixture(baseUrl, pki, demo, settings.providersDir()).prepare();
            exit = visit(manifest, only, variables, baseUrl, out, work.resolve("failed"));
        } finally {
            if (server != null && opts.containsKey("keep-running")) {
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
        System.exit(exit);
    }

    private static int visit(Manifest manifest, Set<String> only, Map<String, String> variables, String baseUrl, Path out,
            Path failedDir) {
        Map<String, List<String>> missing = new LinkedHashMap<>();
        int visited = 0;
        int taken = 0;
        try (Console console = new Console(baseUrl)) {
            for (Manifest.Screen raw : manifest.screens()) {
                if (!only.isEmpty() && !only.contains(raw.id())) {
                    continue;
                }
                Manifest.Screen screen = raw.resolve(variables);
                visited++;
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
                    System.out.println("  ✓ " + screen.id() + (screen.screenshot() == null ? "" : "  → " + out.relativize(out.resolve(screen.screenshot()))));
                } else {
                    missing.put(screen.id() + " (" + screen.guide() + ")", absent);
                    System.out.println("  ✗ " + screen.id() + ": missing " + absent);
                    console.screenshot(failedDir.resolve(screen.id() + ".png"), null);
                    write(failedDir.resolve(screen.id() + ".txt"), console.currentUrl() + "\n\n" + console.visibleText());
                }
            }
        }
        System.out.println();
        if (missing.isEmpty()) {
            System.out.println("All " + visited + " screens show what the guide names; " + taken + " screenshots in " + out);
            return 0;
        }
        System.out.println(missing.size() + " of " + visited + " screens lack what the guide names"
                + " (page text and screenshot of each in " + failedDir + "):");
        missing.forEach((screen, texts) -> System.out.println("  " + screen + ": "
                + texts.stream().map(t -> "\"" + t + "\"").collect(Collectors.joining(", "))));
        return 1;
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
