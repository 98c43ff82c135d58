package dev.fapikit.ciba.hints;

import java.util.Map;

/**
 * A subject identifier of RFC 9493 (Subject Identifiers for Security Event Tokens) as carried in a login_hint_token's
 * {@code sub_id} claim. Supported formats: {@code email} (§3.2.2), {@code phone_number} (§3.2.5), {@code iss_sub}
 * (§3.2.3) and {@code opaque} (§3.2.4).
 */
public record SubjectIdentifier(Format format, String value, String issuer) {

    public enum Format { EMAIL, PHONE_NUMBER, ISS_SUB, OPAQUE }

    /** Parses the {@code sub_id} claim; refuses missing members and unsupported formats with {@code invalid_request}. */
    public static SubjectIdentifier parse(Object subId) {
        if (!(subId instanceof Map<?, ?> map)) {
            throw new HintException("invalid_request", "login_hint_token needs a sub_id object (RFC 9493)");
        }
        Object format = map.get("format");
        if (!(format instanceof String f)) {
            throw new HintException("invalid_request", "login_hint_token sub_id lacks a format");
        }
        return switch (f) {
            case "email" -> new SubjectIdentifier(Format.EMAIL, member(map, "email"), null);
            case "phone_number" -> new SubjectIdentifier(Format.PHONE_NUMBER, member(map, "phone_number"), null);
            case "iss_sub" -> new SubjectIdentifier(Format.ISS_SUB, member(map, "sub"), member(map, "iss"));
            case "opaque" -> new SubjectIdentifier(Format.OPAQUE, member(map, "id"), null);
            default -> throw new HintException("invalid_request", "login_hint_token sub_id format '" + f
                    + "' is not supported; use email, phone_number, iss_sub or opaque");
        };
    }

    private static String member(Map<?, ?> map, String name) {
        Object v = map.get(name);
        if (!(v instanceof String s) || s.isBlank()) {
            throw new HintException("invalid_request", "login_hint_token sub_id lacks member '" + name + "'");
        }
        return s;
    }
}
