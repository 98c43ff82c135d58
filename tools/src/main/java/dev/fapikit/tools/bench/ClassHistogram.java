package dev.fapikit.tools.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Live objects of a JVM by class: {@code jcmd <pid> GC.class_histogram}, which runs a full GC first. Classes of the
 * same name from different class loaders are added up. {@link #diff} tells where the heap between two histograms went.
 */
record ClassHistogram(Map<String, long[]> byClass) {

    // "   1:        123456        9876543  [B (java.base@17.0.15)"
    private static final Pattern LINE = Pattern.compile("^\\s*\\d+:\\s+(\\d+)\\s+(\\d+)\\s+(\\S+)");

    static ClassHistogram of(long pid) {
        try {
            Process p = new ProcessBuilder("jcmd", Long.toString(pid), "GC.class_histogram").redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (p.waitFor() != 0) {
                throw new IllegalStateException("jcmd GC.class_histogram failed: " + out.lines().findFirst().orElse(""));
            }
            return parse(out);
        } catch (IOException e) {
            throw new IllegalStateException("jcmd GC.class_histogram failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static ClassHistogram parse(String jcmdOutput) {
        Map<String, long[]> m = new HashMap<>();
        for (String line : jcmdOutput.lines().toList()) {
            Matcher x = LINE.matcher(line);
            if (x.find()) {
                long[] v = m.computeIfAbsent(x.group(3), k -> new long[2]);
                v[0] += Long.parseLong(x.group(1));
                v[1] += Long.parseLong(x.group(2));
            }
        }
        return new ClassHistogram(m);
    }

    long bytes() {
        return byClass.values().stream().mapToLong(v -> v[1]).sum();
    }

    /** One class's growth from {@code before} to this histogram. */
    record Delta(String className, long instances, long bytes) {
    }

    /** Every class's growth since {@code before}, largest byte growth first. */
    List<Delta> diff(ClassHistogram before) {
        List<Delta> d = new ArrayList<>();
        for (Map.Entry<String, long[]> e : byClass.entrySet()) {
            long[] b = before.byClass.getOrDefault(e.getKey(), new long[2]);
            d.add(new Delta(e.getKey(), e.getValue()[0] - b[0], e.getValue()[1] - b[1]));
        }
        for (Map.Entry<String, long[]> e : before.byClass.entrySet()) {
            if (!byClass.containsKey(e.getKey())) {
                d.add(new Delta(e.getKey(), -e.getValue()[0], -e.getValue()[1]));
            }
        }
        d.sort(Comparator.comparingLong(Delta::bytes).reversed());
        return d;
    }

    /** The report: total growth, then the top classes by byte growth, each also per {@code units} (e.g. pending requests). */
    static String report(String title, List<Delta> diff, long totalDelta, long units, int top) {
        StringBuilder b = new StringBuilder(title).append('\n');
        b.append(String.format(Locale.ROOT, "total: %+d bytes = %.1f B per unit over %d units%n%n", totalDelta,
                (double) totalDelta / units, units));
        b.append(String.format(Locale.ROOT, "%12s %12s %10s %10s  %s%n", "Δ bytes", "Δ instances", "B/unit", "inst/unit", "class"));
        for (Delta d : diff.subList(0, Math.min(top, diff.size()))) {
            b.append(String.format(Locale.ROOT, "%12d %12d %10.1f %10.2f  %s%n", d.bytes(), d.instances(),
                    (double) d.bytes() / units, (double) d.instances() / units, d.className()));
        }
        return b.toString();
    }
}
