package dev.fapikit.tools.demo;

import java.io.PrintStream;
import java.net.http.HttpResponse;
import java.text.ParseException;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.nimbusds.jose.JOSEObject;
import com.nimbusds.jose.JWSObject;

/**
 * Prints the demo: flows, numbered steps each with a one-line reason citing the spec, the HTTP exchanges in brief,
 * decoded JWTs, and each step's outcome (✓, the server's error, or skipped). Counts failures for the exit code.
 */
final class Narrator {

    /** A step failed: the message is the server's error (or what was wrong), already shown to the reader. */
    static final class StepFailed extends RuntimeException {
        StepFailed(String message) {
            super(message);
        }
    }

    /** Thrown by {@link #flow} bodies after a failed step: the rest of that flow depends on it. */
    private static final class FlowAborted extends RuntimeException {
        FlowAborted() {
            super(null, null, false, false);
        }
    }

    @FunctionalInterface
    interface Body<T> {
        T run() throws Exception;
    }

    @FunctionalInterface
    interface VoidBody {
        void run() throws Exception;
    }

    private static final ObjectMapper PRETTY = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private static final int SHORT = 64;

    private final PrintStream out;
    private int step;
    private int passed;
    private int failed;
    private int skipped;

    Narrator(PrintStream out) {
        this.out = out;
    }

    int passed() {
        return passed;
    }

    int failed() {
        return failed;
    }

    int skipped() {
        return skipped;
    }

    /** A flow: its steps run in order; after a failed step the rest of the flow is left out. */
    void flow(String title, VoidBody body) {
        out.println();
        out.println("━━━ " + title + " " + "━".repeat(Math.max(3, 110 - title.length())));
        step = 0;
        try {
            body.run();
        } catch (FlowAborted e) {
            out.println("  (the rest of this flow needs that step; going on with the next flow)");
        } catch (StepFailed e) {
            failed++;
            out.println("  ✗ " + e.getMessage());
        } catch (Exception e) {
            failed++;
            out.println("  ✗ " + e);
        }
    }

    <T> T step(String title, String why, Body<T> body) {
        out.println();
        out.println("▶ " + (++step) + ". " + title);
        out.println("  " + why);
        try {
            T result = body.run();
            passed++;
            out.println("  ✓");
            return result;
        } catch (StepFailed e) {
            return fail(e.getMessage());
        } catch (java.io.UncheckedIOException e) {
            return fail("no answer: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return fail("interrupted");
        } catch (Exception e) {
            return fail(e.toString());
        }
    }

    void step(String title, String why, VoidBody body) {
        step(title, why, () -> {
            body.run();
            return null;
        });
    }

    void skip(String title, String reason) {
        out.println();
        out.println("▶ " + (++step) + ". " + title);
        out.println("  ⊘ skipped: " + reason);
        skipped++;
    }

    private <T> T fail(String message) {
        failed++;
        out.println("  ✗ " + message);
        throw new FlowAborted();
    }

    void say(String line) {
        out.println(line);
    }

    void note(String text) {
        out.println("    " + text);
    }

    /** {@code → METHOD url [client certificate]} and the form parameters, long values shortened. */
    void request(String method, String url, String certificate, Map<String, String> params) {
        out.println("  → " + method + " " + url + (certificate == null ? "" : "   [TLS client certificate " + certificate + "]"));
        if (params != null && !params.isEmpty()) {
            StringBuilder s = new StringBuilder("      ");
            params.forEach((k, v) -> s.append(k).append('=').append(shorten(v)).append("  "));
            out.println(s.toString().stripTrailing());
        }
    }

    /** {@code ← status} and the named fields of a JSON body (or the whole error). */
    void response(HttpResponse<String> r, String... fields) {
        StringBuilder s = new StringBuilder("  ← " + r.statusCode());
        r.headers().firstValue("Content-Type").ifPresent(t -> s.append(" (").append(t.split(";")[0]).append(')'));
        JsonNode json = json(r.body());
        if (json != null && json.isObject()) {
            for (String f : fields) {
                if (json.has(f)) {
                    s.append("  ").append(f).append('=').append(shorten(json.get(f).isTextual() ? json.get(f).asText() : json.get(f).toString()));
                }
            }
            if (json.has("error")) {
                s.append("  error=").append(json.get("error").asText());
                if (json.has("error_description")) s.append("  error_description=").append(json.get("error_description").asText());
            }
        }
        out.println(s);
    }

    /** The decoded header and payload of a JWS (or a note for a JWE). */
    void jwt(String label, String token) {
        try {
            JOSEObject parsed = JOSEObject.parse(token);
            if (!(parsed instanceof JWSObject jws)) {
                out.println("    " + label + ": encrypted (JWE, " + parsed.getHeader().getAlgorithm() + ")");
                return;
            }
            out.println("    " + label + " — header " + jws.getHeader().toJSONObject());
            String payload = PRETTY.writeValueAsString(PRETTY.readTree(jws.getPayload().toString()));
            payload.lines().forEach(l -> out.println("      " + l));
        } catch (ParseException | java.io.IOException e) {
            out.println("    " + label + ": not a JWT (" + e.getMessage() + ")");
        }
    }

    void summary() {
        out.println();
        out.println("━".repeat(115));
        out.printf("%s  %d steps passed, %d failed, %d skipped%n", failed == 0 ? "✓" : "✗", passed, failed, skipped);
    }

    static String shorten(String v) {
        return v.length() <= SHORT ? v : v.substring(0, SHORT - 16) + "…" + v.substring(v.length() - 12);
    }

    private static JsonNode json(String body) {
        try {
            return body == null || body.isBlank() ? null : PRETTY.readTree(body);
        } catch (java.io.IOException e) {
            return null;
        }
    }

    /** The server's error of a response, for {@link StepFailed}. */
    static String error(HttpResponse<String> r) {
        JsonNode json = json(r.body());
        if (json != null && json.has("error")) {
            return "HTTP " + r.statusCode() + " " + json.get("error").asText()
                    + (json.has("error_description") ? ": " + json.get("error_description").asText() : "");
        }
        String body = r.body() == null ? "" : r.body().replaceAll("\\s+", " ");
        return "HTTP " + r.statusCode() + (body.isEmpty() ? "" : ": " + (body.length() > 300 ? body.substring(0, 300) + "…" : body));
    }
}
