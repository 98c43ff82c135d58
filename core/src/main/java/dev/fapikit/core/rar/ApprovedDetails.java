package dev.fapikit.core.rar;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;

/**
 * The link between what the user approved and what a token may carry (RFC 9396 §7: the details in the token are the
 * ones the resource owner authorized). A FAPI Kit approval screen (the browser's payment consent step, the CIBA
 * approval page or app) writes the fingerprint of the exact {@code authorization_details} string it showed into the
 * client session note {@value #NOTE}; the processor refuses stored details whose fingerprint is not there.
 */
public final class ApprovedDetails {

    /** Client-session note with the fingerprint of the details the user approved. */
    public static final String NOTE = "fapi-kit.rar.approved";

    /**
     * Value of {@link #NOTE} when the authorization request of the latest sign-in carried no {@code authorization_details}
     * (written by the browser's consent step). Keycloak keeps a client session's notes across SSO sign-ins of the same
     * client, so {@link #DETAILS_NOTE} may still hold an earlier request's details; they are then not this sign-in's and
     * go into no token.
     */
    public static final String NONE = "none";

    /** Keycloak's client note holding the request's {@code authorization_details} string. */
    public static final String DETAILS_NOTE = "authorization_details";

    private ApprovedDetails() {
    }

    /** base64url(SHA-256(UTF-8 of {@code details})), without padding. */
    public static String fingerprint(String details) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(details.getBytes(StandardCharsets.UTF_8));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(hash);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every Java platform", e);
        }
    }

    /**
     * The value of {@link #NOTE} when the user {@code userId} approved {@code details}: the fingerprint of both, so that
     * an approval is the approving user's only. Keycloak keeps client notes when a sign-in restarts in the same
     * authentication session ("restart login", another user on a shared browser): the next user's tokens must not carry
     * what the first one approved.
     */
    public static String approval(String userId, String details) {
        return fingerprint(userId + "\n" + details);
    }

    /** Whether {@code note} records {@code userId}'s approval of {@code details}; false when any is missing. */
    public static boolean approvedBy(String note, String userId, String details) {
        return userId != null && details != null && matches(note, userId + "\n" + details);
    }

    /** Whether {@code fingerprint} is that of {@code details}; false when either is missing. */
    public static boolean matches(String fingerprint, String details) {
        if (fingerprint == null || details == null) {
            return false;
        }
        return MessageDigest.isEqual(fingerprint(details).getBytes(StandardCharsets.US_ASCII),
                fingerprint.getBytes(StandardCharsets.US_ASCII));
    }
}
