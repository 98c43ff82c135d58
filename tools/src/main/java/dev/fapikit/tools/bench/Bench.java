package dev.fapikit.tools.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import org.openjdk.jmh.runner.options.VerboseMode;
import org.openjdk.jmh.util.Statistics;

import dev.fapikit.it.harness.Database;
import dev.fapikit.it.harness.DemoClients;
import dev.fapikit.it.harness.FapiKit;
import dev.fapikit.it.harness.HarnessSettings;
import dev.fapikit.it.harness.KeycloakServer;
import dev.fapikit.it.harness.TestPki;

/**
 * The benchmark command behind {@code it-tests/bench.sh} (issues 8, 20; issue 5 item 4): starts a FAPI Kit node and a
 * stock Keycloak 26.7.3 node without the bundle (each on its own PostgreSQL database, both up together), measures,
 * prints one Markdown table and writes it as CSV, JSON and Markdown to {@code it-tests/target/bench/}.
 *
 * <p>Sections: 1 token requests, FAPI Kit node vs stock node (1) and FAPI Kit profile vs built-in profile on the FAPI
 * Kit node (1b); 2 CIBA approval → notification and tokens (FAPI Kit ping and push, stock ping); 3 CIBA intake; 4 the
 * FAPI Kit node with {@link Plan#pendingTarget} pending CIBA requests; 5 the signing floor (JMH); 6 start-up
 * ({@code kc.sh build}, start to ready, heap after start), run last, on the stopped nodes; 7 micro-benchmarks of our
 * per-request code (JMH, no Keycloak node: {@link ExecutorBenchmark}, {@link MtlsAuthenticatorBenchmark},
 * {@link SignatureVerifierBenchmark}).
 *
 * <p>Options: {@code --quick} (short runs for development: a few minutes for all sections), {@code --only=1,2,3,5,6,7}
 * (sections; 3 includes 4; {@code --only=7} or {@code --only=5,7} start no Keycloak node), {@code --jfr} (a JFR profile of each node in its folder), {@code --dev-db} (Keycloak's
 * embedded database instead of PostgreSQL).
 */
public final class Bench {

    /** How much to measure; {@link #quick()} for development, {@link #full()} for the README table. */
    record Plan(String name, int rounds, int warmupCodes, int warmupCredentials, int codeSamples, int credentialSamples,
            int cibaWarmup, int pollSamples, int notifySamples, int concurrentNotifySamples, int intakeWarmup,
            double intakeSeconds, int intakeUsers, int pendingTarget, int scaleSamples, int jmhWarmup, int jmhIterations,
            int jmhSeconds, int startupRuns) {

        static Plan quick() {
            return new Plan("quick", 2, 20, 50, 40, 100, 3, 6, 20, 64, 100, 2, 300, 1000, 30, 1, 2, 1, 1);
        }

        /** 50,000 pending requests need ≥ 5,000 users (10 pending each at most); 6,000 leave room for the last rows. */
        static Plan full() {
            return new Plan("full", 4, 60, 200, 200, 400, 10, 30, 150, 320, 300, 4, 6000, 50_000, 200, 2, 3, 2, 3);
        }
    }

    private Bench() {
    }

    public static void main(String[] args) throws Exception {
        List<String> a = List.of(args);
        Plan plan = a.contains("--quick") ? Plan.quick() : Plan.full();
        Set<String> only = a.stream().filter(s -> s.startsWith("--only=")).findFirst()
                .map(s -> Set.of(s.substring(7).split(","))).orElse(Set.of("1", "2", "3", "5", "6", "7"));
        boolean jfr = a.contains("--jfr");
        Instant began = Instant.now();
        HarnessSettings settings = HarnessSettings.load();
        Path work = settings.projectRoot().resolve("it-tests/target/bench");
        Files.createDirectories(work);
        Results results = new Results();
        context(results, plan, only);
        results.context("load_average_start", loadAverage());

        if (only.contains("5")) {
            results.context("section_5_start", Instant.now().toString());
            signing(results, plan);
        }
        if (only.contains("7")) {
            results.context("section_7_start", Instant.now().toString());
            micro(results, plan);
        }
        if (only.contains("1") || only.contains("2") || only.contains("3") || only.contains("6")) {
            servers(settings, work, plan, only, jfr, a.contains("--dev-db"), results);
        }

        results.context("load_average_end", loadAverage());
        results.context("duration_seconds", Duration.between(began, Instant.now()).toSeconds());
        results.write(work);
        System.out.println();
        System.out.println("FAPI Kit benchmark (" + plan.name() + "), " + results.contextLine());
        System.out.println(results.table());
        System.out.println("Written: " + work.resolve("results.csv") + ", results.json, results.md ("
                + Duration.between(began, Instant.now()).toSeconds() + " s)");
    }

    private static void servers(HarnessSettings settings, Path work, Plan plan, Set<String> only, boolean jfr, boolean devDb,
            Results results) throws Exception {
        TestPki pki = TestPki.loadOrCreate(work.resolve("pki"));
        DemoClients demo = DemoClients.prepare(pki);
        Database oursDb = devDb ? Database.devFile() : database("fapikit_bench_bundle");
        Database stockDb = devDb ? Database.devFile() : database("fapikit_bench_stock");
        try (Receiver receiver = new Receiver(pki)) {
            KeycloakServer.Builder bundle = KeycloakServer.builder(settings, pki, work.resolve("node-fapi-kit"))
                    .database(oursDb)
                    // the benchmark's notification receiver and device listen on loopback (FapiKit.SHARED_SERVER_OPTIONS)
                    .startOption("--spi-fapi-kit-ciba-delivery--default--webhook-allowed-hosts=localhost")
                    .startOption(FapiKit.OUTBOUND_ALLOWED_HOSTS_OPTION + "localhost")
                    .heap("-Xms1g -Xmx1g")
                    .progress(s -> System.out.println("[fapi-kit node] " + s));
            KeycloakServer.Builder stockNode = KeycloakServer.builder(settings, pki, work.resolve("node-stock")).stock()
                    .database(stockDb)
                    // stock Keycloak's only CIBA channel: an HTTP call to the authentication device
                    .startOption("--spi-ciba-auth-channel--ciba-http-auth-channel--http-authentication-channel-uri="
                            + receiver.url("/device"))
                    .heap("-Xms1g -Xmx1g")
                    .progress(s -> System.out.println("[stock node] " + s));
            if (jfr) {
                for (var e : List.of(java.util.Map.entry(bundle, "node-fapi-kit"), java.util.Map.entry(stockNode, "node-stock"))) {
                    e.getKey().env(java.util.Map.of("JAVA_OPTS_APPEND", "-XX:StartFlightRecording=filename="
                            + work.resolve(e.getValue()).resolve("bench.jfr") + ",settings=profile,dumponexit=true"));
                }
            }
            KeycloakServer oursServer = bundle.build();
            KeycloakServer stockServer = stockNode.build();
            if (only.contains("1") || only.contains("2") || only.contains("3")) {
                measureRunning(settings, plan, only, demo, pki, receiver, results, oursServer, stockServer, jfr, work);
            }
            if (only.contains("6") && jfr) {
                // its starts would overwrite the recordings, and a recording JVM starts slower
                System.out.println("== 6. Start-up: skipped with --jfr");
            } else if (only.contains("6")) {
                results.context("section_6_start", Instant.now().toString());
                // the same kc.sh build arguments as KeycloakServer.install (the benchmark adds no build options)
                new StartupBench(List.of(
                        new StartupBench.Subject("stock", "stock Keycloak node (no bundle)", stockServer,
                                List.of("--db=" + stockDb.kind())),
                        new StartupBench.Subject("fapi-kit", "FAPI Kit node", oursServer, List.of("--db=" + oursDb.kind()))),
                        pki, results, plan.startupRuns()).run();
            }
        }
    }

    /** Sections 1-4 on both nodes, started together and both up until the end. */
    private static void measureRunning(HarnessSettings settings, Plan plan, Set<String> only, DemoClients demo, TestPki pki,
            Receiver receiver, Results results, KeycloakServer oursServer, KeycloakServer stockServer, boolean jfr, Path work)
            throws Exception {
        CompletableFuture<Void> s1 = CompletableFuture.runAsync(() -> oursServer.install().start());
        // every section compares with the stock node (1: token requests, 2: ping, 3: intake)
        CompletableFuture<Void> s2 = CompletableFuture.runAsync(() -> stockServer.install().start());
        try {
            s1.join();
            s2.join();
            Node ours = new Node("fapi-kit", oursServer, pki);
            Node stock = new Node("stock", stockServer, pki);
            System.out.println("== Creating the benchmark realms (" + plan.intakeUsers() + " CIBA users on each node)");
            if (only.contains("1")) {
                TokenBench.createRealms(ours, stock, settings, demo);
            }
            if (only.contains("2") || only.contains("3")) {
                CibaBench.createRealms(ours, stock, receiver, settings, plan.intakeUsers());
            }
            results.context("load_average_start", loadAverage());
            if (only.contains("1")) {
                results.context("section_1_start", Instant.now().toString());
                new TokenBench(ours, stock, demo, results, plan).run();
            }
            CibaBench ciba = new CibaBench(ours, stock, receiver, results, plan);
            if (only.contains("2")) {
                // start times let a JFR recording (--jfr) be cut to one section
                results.context("section_2_start", Instant.now().toString());
                ciba.endToEnd();
            }
            if (only.contains("3")) {
                results.context("section_3_start", Instant.now().toString());
                ciba.intakeAndScale();
            }
        } finally {
            CompletableFuture.allOf(CompletableFuture.runAsync(oursServer::stop),
                    CompletableFuture.runAsync(stockServer::stop)).join();
            if (jfr) {
                System.out.println("JFR recordings: " + work.resolve("node-fapi-kit/bench.jfr") + ", "
                        + work.resolve("node-stock/bench.jfr"));
            }
        }
    }

    /**
     * A PostgreSQL database of the benchmark, created on the first run and kept: the benchmark replaces its realms
     * itself, and a kept schema spares each run Keycloak's database migration.
     */
    private static Database database(String name) {
        Database.Postgres db = Database.postgres(name);
        try (java.sql.Connection c = java.sql.DriverManager.getConnection("jdbc:postgresql://" + db.hostPort() + "/postgres", db.user(), "");
             java.sql.Statement s = c.createStatement()) {
            try (java.sql.ResultSet r = s.executeQuery("SELECT 1 FROM pg_database WHERE datname = '" + name + "'")) {
                if (!r.next()) {
                    s.execute("CREATE DATABASE " + name);
                }
            }
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException("PostgreSQL at " + db.hostPort() + " is needed (or pass --dev-db)", e);
        }
        return db;
    }

    /** Row 5 (JMH, one forked JVM, sample mode): the cost of one signature, the floor under every signed response. */
    private static void signing(Results results, Plan plan) throws Exception {
        System.out.println("== 5. Signing floor (JMH)");
        Options options = new OptionsBuilder().include(SigningBenchmark.class.getName() + ".*")
                .forks(1).threads(1).jvmArgs("-Xmx256m")
                .warmupIterations(plan.jmhWarmup()).warmupTime(TimeValue.seconds(1))
                .measurementIterations(plan.jmhIterations()).measurementTime(TimeValue.seconds(plan.jmhSeconds()))
                .verbosity(VerboseMode.SILENT).build();
        Collection<RunResult> runs = new Runner(options).run();
        List<RunResult> sorted = new ArrayList<>(runs);
        sorted.sort((x, y) -> x.getParams().getBenchmark().compareTo(y.getParams().getBenchmark()));
        for (RunResult r : sorted) {
            String method = r.getParams().getBenchmark().substring(r.getParams().getBenchmark().lastIndexOf('.') + 1);
            Statistics s = r.getPrimaryResult().getStatistics();
            String alg = method.startsWith("ps256") ? "PS256 (RSA 2048)" : "ES256 (P-256)";
            String provider = method.endsWith("BouncyCastle") ? "Bouncy Castle (Keycloak's default crypto provider)" : "JDK provider";
            results.add(new Results.Row("5", "one " + alg + " signature, 1 thread", provider, s.getN(),
                    s.getPercentile(50) / 1000, s.getPercentile(95) / 1000, s.getPercentile(99) / 1000,
                    1e6 / s.getMean(), "signatures/s per core",
                    String.format(Locale.ROOT, "sd %.3f, max %.2f", s.getStandardDeviation() / 1000, s.getMax() / 1000),
                    null));
        }
    }

    /**
     * Section 7 (JMH, one forked JVM per benchmark and parameter): our per-request code on the token path, so that a
     * regression shows without a load run. Sample-time benchmarks give percentiles; average-time ones (the executors,
     * tens of nanoseconds to microseconds, below the timer's resolution per call) give the mean with its spread.
     */
    private static void micro(Results results, Plan plan) throws Exception {
        System.out.println("== 7. Per-request code of FAPI Kit (JMH micro-benchmarks)");
        Options options = new OptionsBuilder()
                .include(ExecutorBenchmark.class.getName() + ".*")
                .include(MtlsAuthenticatorBenchmark.class.getName() + ".*")
                .include(SignatureVerifierBenchmark.class.getName() + ".*")
                .forks(1).threads(1).jvmArgs("-Xmx256m")
                .warmupIterations(plan.jmhWarmup()).warmupTime(TimeValue.seconds(1))
                .measurementIterations(plan.jmhIterations()).measurementTime(TimeValue.seconds(plan.jmhSeconds()))
                .verbosity(VerboseMode.SILENT).build();
        List<RunResult> sorted = new ArrayList<>(new Runner(options).run());
        sorted.sort(java.util.Comparator.comparing((RunResult r) -> r.getParams().getBenchmark())
                .thenComparing(r -> String.join(",", r.getParams().getParamsKeys().stream().map(r.getParams()::getParam).toList())));
        for (RunResult r : sorted) {
            results.add(microRow(r));
        }
    }

    static Results.Row microRow(RunResult r) {
        String benchmark = r.getParams().getBenchmark();
        String[] parts = benchmark.split("\\.");
        String measure = parts[parts.length - 2] + "." + parts[parts.length - 1];
        String variant = String.join(", ", r.getParams().getParamsKeys().stream().map(r.getParams()::getParam).toList());
        Statistics s = r.getPrimaryResult().getStatistics();
        String unit = r.getPrimaryResult().getScoreUnit();
        if (r.getParams().getMode() == org.openjdk.jmh.annotations.Mode.SampleTime) {
            // us/op samples: percentiles in ms as the table shows them
            return new Results.Row("7", measure, variant.isEmpty() ? "-" : variant, s.getN(), s.getPercentile(50) / 1000,
                    s.getPercentile(95) / 1000, s.getPercentile(99) / 1000, s.getMean(), unit + " (mean)",
                    String.format(Locale.ROOT, "sd %.3f, max %.2f %s", s.getStandardDeviation(), s.getMax(), unit), null);
        }
        double[] ci = s.getN() > 2 ? s.getConfidenceIntervalAt(0.999) : new double[] {s.getMin(), s.getMax()};
        return new Results.Row("7", measure, variant.isEmpty() ? "-" : variant, s.getN(), null, null, null, s.getMean(),
                unit + " (mean of " + s.getN() + " iterations)",
                String.format(Locale.ROOT, "sd %.1f, 99.9%% CI %.1f-%.1f %s", s.getStandardDeviation(), ci[0], ci[1], unit), null);
    }

    private static void context(Results results, Plan plan, Set<String> only) {
        results.context("plan", plan.name());
        results.context("sections", String.join(",", new java.util.TreeSet<>(only)));
        results.context("date", Instant.now().toString());
        results.context("cpus", Runtime.getRuntime().availableProcessors());
        results.context("cpu", cpuModel());
        results.context("memory_gib", memoryGib());
        results.context("java", System.getProperty("java.vm.name") + " " + System.getProperty("java.version"));
        results.context("os", System.getProperty("os.name") + " " + System.getProperty("os.version"));
        results.context("keycloak", HarnessSettings.load().keycloakVersion());
    }

    private static String cpuModel() {
        try {
            return Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(l -> l.startsWith("model name"))
                    .findFirst().map(l -> l.substring(l.indexOf(':') + 1).trim()).orElse("?");
        } catch (Exception e) {
            return "?";
        }
    }

    private static String memoryGib() {
        try {
            String total = Files.readAllLines(Path.of("/proc/meminfo")).get(0).replaceAll("\\D+", "");
            return String.format(Locale.ROOT, "%.1f", Long.parseLong(total) / 1024.0 / 1024.0);
        } catch (Exception e) {
            return "?";
        }
    }

    private static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).trim();
        } catch (Exception e) {
            return "?";
        }
    }
}
