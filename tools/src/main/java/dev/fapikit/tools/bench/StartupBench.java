package dev.fapikit.tools.bench;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.fapikit.it.harness.KeycloakServer;
import dev.fapikit.it.harness.TestPki;

/**
 * Row 6, start-up: for the stock node and the FAPI Kit node (the nodes of rows 1-4, stopped), the time of
 * {@code kc.sh build}, the time from {@code kc.sh start --optimized} to {@code /health/ready} answering 200 (the
 * harness polls every 500 ms; Keycloak's own "started in" figure beside it), and the heap in use right after the start,
 * after a full GC. {@code n} runs of each, the two nodes alternating and the order swapped every run; each node runs
 * alone while it is measured.
 */
final class StartupBench {

    private static final Pattern STARTED_IN = Pattern.compile("started in ([0-9.]+)s");

    /** One node under measurement: its server, its label, and its {@code kc.sh build} arguments. */
    record Subject(String name, String label, KeycloakServer server, List<String> buildArgs) {
    }

    private final List<Subject> subjects;
    private final TestPki pki;
    private final Results results;
    private final int runs;

    StartupBench(List<Subject> subjects, TestPki pki, Results results, int runs) {
        this.subjects = subjects;
        this.pki = pki;
        this.results = results;
        this.runs = runs;
    }

    void run() throws Exception {
        System.out.println("== 6. Start-up: kc.sh build, start --optimized to ready, heap after start (n = " + runs + " each)");
        int k = subjects.size();
        List<List<Double>> build = lists(k);
        List<List<Double>> ready = lists(k);
        List<List<Double>> reported = lists(k);
        List<List<Double>> heap = lists(k);
        for (Subject s : subjects) {
            s.server().install();
        }
        for (int r = 0; r < runs; r++) {
            for (int j = 0; j < k; j++) {
                int v = (j + r) % k;
                build.get(v).add(build(subjects.get(v)));
            }
        }
        for (int r = 0; r < runs; r++) {
            for (int j = 0; j < k; j++) {
                int v = (j + r) % k;
                Subject s = subjects.get(v);
                long t0 = System.nanoTime();
                s.server().start();
                ready.get(v).add((System.nanoTime() - t0) / 1e9);
                try {
                    Matcher m = STARTED_IN.matcher(s.server().logSinceStart(400));
                    double own = Double.NaN;
                    while (m.find()) {
                        own = Double.parseDouble(m.group(1));
                    }
                    reported.get(v).add(own);
                    heap.get(v).add(new Node(s.name(), s.server(), pki).heapAfterGcMiB());
                } finally {
                    s.server().stop();
                }
            }
        }
        for (int v = 0; v < k; v++) {
            Subject s = subjects.get(v);
            String vsStock = v == 0 ? null : "ours/stock " + ratio(build.get(v), build.get(0));
            results.value("6", "kc.sh build (" + String.join(" ", s.buildArgs()) + ")", s.label(), runs,
                    mean(build.get(v)), "s", range(build.get(v), "s"), vsStock);
        }
        for (int v = 0; v < k; v++) {
            Subject s = subjects.get(v);
            String vsStock = v == 0 ? null : "ours/stock " + ratio(ready.get(v), ready.get(0));
            results.value("6", "kc.sh start --optimized → /health/ready 200 (polled every 0.5 s)", s.label(), runs,
                    mean(ready.get(v)), "s", range(ready.get(v), "s") + "; Keycloak's own \"started in\" "
                            + Results.num(mean(reported.get(v))) + " s", vsStock);
        }
        for (int v = 0; v < k; v++) {
            Subject s = subjects.get(v);
            String vsStock = v == 0 ? null : String.format(Locale.ROOT, "ours − stock %+.1f MiB",
                    mean(heap.get(v)) - mean(heap.get(0)));
            results.value("6", "heap used after start, after a full GC (no request served)", s.label(), runs,
                    mean(heap.get(v)), "MiB", range(heap.get(v), "MiB"), vsStock);
        }
    }

    /** Seconds of one {@code kc.sh build} with the node's own arguments (what its install ran). */
    private static double build(Subject s) throws Exception {
        Path home = s.server().home();
        List<String> cmd = new ArrayList<>(List.of(home.resolve("bin/kc.sh").toString(), "build"));
        cmd.addAll(s.buildArgs());
        Path log = home.getParent().resolve("build.log");
        long t0 = System.nanoTime();
        Process p = new ProcessBuilder(cmd).directory(home.toFile()).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        if (!p.waitFor(10, TimeUnit.MINUTES) || p.exitValue() != 0) {
            p.destroyForcibly();
            throw new IllegalStateException(s.name() + ": kc.sh build failed, see " + log);
        }
        return (System.nanoTime() - t0) / 1e9;
    }

    private static List<List<Double>> lists(int k) {
        List<List<Double>> l = new ArrayList<>();
        for (int i = 0; i < k; i++) {
            l.add(new ArrayList<>());
        }
        return l;
    }

    private static double mean(List<Double> d) {
        return d.stream().mapToDouble(x -> x).average().orElse(Double.NaN);
    }

    private static String ratio(List<Double> ours, List<Double> stock) {
        return String.format(Locale.ROOT, "%.2f", mean(ours) / mean(stock));
    }

    private static String range(List<Double> d, String unit) {
        double min = d.stream().mapToDouble(x -> x).min().orElse(Double.NaN);
        double max = d.stream().mapToDouble(x -> x).max().orElse(Double.NaN);
        return Results.num(min) + "–" + Results.num(max) + " " + unit + " over " + d.size() + " run" + (d.size() == 1 ? "" : "s");
    }
}
