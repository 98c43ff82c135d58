package dev.fapikit.ciba.endpoint;

/**
 * CIBA Core 1.0 §7.1 binding_message: "a human-readable identifier or message intended to be displayed on both the
 * consumption device and the authentication device". Accepts printable Unicode including spaces, up to a maximum
 * number of characters (code points); refuses control, unassigned, private-use and bidirectional-override characters,
 * which could hide or reorder what the user reads.
 */
public final class BindingMessage {

    private BindingMessage() {
    }

    /** Returns null when acceptable, else why not (for the {@code invalid_binding_message} description). */
    public static String problem(String message, int maxLength) {
        if (message.isBlank()) return "binding_message is empty";
        int length = message.codePointCount(0, message.length());
        if (length > maxLength) return "binding_message is longer than " + maxLength + " characters";
        for (int i = 0; i < message.length(); ) {
            int cp = message.codePointAt(i);
            i += Character.charCount(cp);
            if (cp == ' ') continue;
            int type = Character.getType(cp);
            boolean bidiControl = (cp >= 0x202A && cp <= 0x202E) || (cp >= 0x2066 && cp <= 0x2069) || cp == 0x200E || cp == 0x200F || cp == 0x061C;
            if (type == Character.CONTROL || type == Character.UNASSIGNED || type == Character.PRIVATE_USE
                    || type == Character.SURROGATE || type == Character.LINE_SEPARATOR
                    || type == Character.PARAGRAPH_SEPARATOR || bidiControl
                    || (Character.isWhitespace(cp))) {
                return String.format("binding_message contains the non-printable character U+%04X", cp);
            }
        }
        return null;
    }
}
