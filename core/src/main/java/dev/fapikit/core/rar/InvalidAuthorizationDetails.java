package dev.fapikit.core.rar;

/**
 * RFC 9396 §5 {@code invalid_authorization_details}: the {@code authorization_details} parameter is malformed, names an
 * unknown type, or an entry does not meet its type's rules. The message is a description for the client developer; it
 * never repeats more than a short, sanitised part of the client's input.
 */
public final class InvalidAuthorizationDetails extends RuntimeException {

    /** RFC 9396 §5 error code. */
    public static final String ERROR = "invalid_authorization_details";

    public InvalidAuthorizationDetails(String description) {
        super(description, null, false, false);
    }
}
