package dev.fapikit.ciba.approval;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;

import javax.crypto.Mac;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;

/**
 * Synchronizer token for the approval page's forms (OWASP CSRF prevention): an HMAC of the user session id under the
 * realm's internal HMAC key. Stateless, so any node verifies it, and it dies with the session. Compared in constant time.
 */
public final class CsrfToken {

    private static final String PURPOSE = "fapi-kit-ciba-approval-form:";

    private CsrfToken() {
    }

    public static String issue(SecretKey key, String userSessionId) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key.getEncoded(), "HmacSHA256"));
            byte[] tag = mac.doFinal((PURPOSE + userSessionId).getBytes(StandardCharsets.UTF_8));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(tag);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    public static boolean matches(SecretKey key, String userSessionId, String presented) {
        if (presented == null || presented.isEmpty()) return false;
        return MessageDigest.isEqual(issue(key, userSessionId).getBytes(StandardCharsets.US_ASCII),
                presented.getBytes(StandardCharsets.UTF_8));
    }
}
