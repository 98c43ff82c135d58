package dev.fapikit.tools.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.HdrHistogram.Histogram;

import com.fasterxml.jackson.databind.SerializationFeature;

import dev.fapikit.it.harness.Http;

/** The rows of the benchmark table, printed as Markdown and written as CSV and JSON. */
final class Results {

    /**
     * One figure: {@code n} samples, latency percentiles (ms) with their spread (standard deviation and maximum), or a
     * {@code value} in {@code unit} with its spread; {@code compare} relates it to its counterpart (ratio, target).
     */
    record Row(String section, String measure, String variant, long n, Double p50, Double p95, Double p99,
            Double value, String unit, String spread, String compare) {
    }

    private final List<Row> rows = new ArrayList<>();
    private final Map<String, Object> context = new LinkedHashMap<>();

    void context(String key, Object value) {
        context.put(key, value);
    }

    Row latency(String section, String measure, String variant, Histogram h, Double throughput, String throughputSpread,
            String compare) {
        String spread = String.format(Locale.ROOT, "sd %.1f, max %.1f", h.getStdDeviation() / 1000, h.getMaxValue() / 1000.0);
        if (throughputSpread != null) {
            spread += "; " + throughputSpread;
        }
        Row r = new Row(section, measure, variant, h.getTotalCount(), ms(h, 50), ms(h, 95), ms(h, 99),
                throughput, throughput == null ? null : "req/s", spread, compare);
        add(r);
        return r;
    }

    Row value(String section, String measure, String variant, long n, double value, String unit, String spread, String compare) {
        Row r = new Row(section, measure, variant, n, null, null, null, value, unit, spread, compare);
        add(r);
        return r;
    }

    String contextLine() {
        return "machine: " + context.get("cpus") + " CPUs (" + context.get("cpu") + "), " + context.get("memory_gib")
                + " GiB, " + context.get("java") + ", Keycloak " + context.get("keycloak") + ", load average at start "
                + context.get("load_average_start") + ", at end " + context.get("load_average_end");
    }

    void add(Row r) {
        rows.add(r);
        System.out.println("  " + line(r));
    }

    static double ms(Histogram h, double percentile) {
        return h.getValueAtPercentile(percentile) / 1000.0;
    }

    String table() {
        StringBuilder s = new StringBuilder();
        s.append("| # | measure | variant | n | p50 ms | p95 ms | p99 ms | value | spread | comparison |\n");
        s.append("|---|---|---|---:|---:|---:|---:|---:|---|---|\n");
        for (Row r : rows) {
            s.append(line(r)).append('\n');
        }
        return s.toString();
    }

    private static String line(Row r) {
        return String.join(" | ", "| " + r.section(), r.measure(), r.variant(), Long.toString(r.n()), num(r.p50()),
                num(r.p95()), num(r.p99()), r.value() == null ? "" : num(r.value()) + " " + r.unit(),
                r.spread() == null ? "" : r.spread(), r.compare() == null ? "" : r.compare()) + " |";
    }

    static String num(Double d) {
        if (d == null) {
            return "";
        }
        double a = Math.abs(d);
        return String.format(Locale.ROOT, a >= 100 ? "%.0f" : a >= 10 ? "%.1f" : a >= 1 ? "%.2f" : "%.3f", d);
    }

    void write(Path dir) {
        try {
            Files.createDirectories(dir);
            StringBuilder csv = new StringBuilder("section,measure,variant,n,p50_ms,p95_ms,p99_ms,value,unit,spread,comparison\n");
            for (Row r : rows) {
                csv.append(String.join(",", csv(r.section()), csv(r.measure()), csv(r.variant()), Long.toString(r.n()),
                        raw(r.p50()), raw(r.p95()), raw(r.p99()), raw(r.value()), csv(r.unit()), csv(r.spread()),
                        csv(r.compare()))).append('\n');
            }
            Files.writeString(dir.resolve("results.csv"), csv);
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("context", context);
            json.put("rows", rows);
            Files.writeString(dir.resolve("results.json"),
                    Http.JSON.copy().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(json));
            Files.writeString(dir.resolve("results.md"), table());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String raw(Double d) {
        return d == null ? "" : String.format(Locale.ROOT, "%.4f", d);
    }

    private static String csv(String s) {
        if (s == null) {
            return "";
        }
        return s.contains(",") || s.contains("\"") ? "\"" + s.replace("\"", "\"\"") + "\"" : s;
    }
}
