package dev.fapikit.core.fuzz;

/**
 * Fails a fuzz run with the broken invariant (Jazzer reports any throwable as a finding). Shared by the fuzz tests of
 * every module through the core's test JAR ({@code fapi-kit-core}, type {@code test-jar}, scope {@code test}).
 */
public final class Invariant {

    private Invariant() {
    }

    public static void check(boolean holds, String invariant, Object input) {
        if (!holds) {
            throw new AssertionError(invariant + " — input: " + printable(input));
        }
    }

    /** The input with non-printable characters escaped, so a finding can be read in the report. */
    static String printable(Object input) {
        StringBuilder s = new StringBuilder();
        String.valueOf(input).codePoints().forEach(cp -> {
            if (cp >= 0x20 && cp < 0x7f) s.appendCodePoint(cp);
            else s.append(String.format("\\u{%X}", cp));
        });
        return s.toString();
    }
}
