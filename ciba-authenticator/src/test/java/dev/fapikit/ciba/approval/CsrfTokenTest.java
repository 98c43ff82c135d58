package dev.fapikit.ciba.approval;

import static org.assertj.core.api.Assertions.assertThat;

import javax.crypto.spec.SecretKeySpec;

import org.junit.jupiter.api.Test;

class CsrfTokenTest {

    private final SecretKeySpec key = new SecretKeySpec(new byte[64], "HmacSHA512");
    private final SecretKeySpec otherKey = new SecretKeySpec(new byte[] {1, 2, 3, 4, 5, 6, 7, 8}, "HmacSHA512");

    @Test
    void tokenMatchesItsSessionOnly() {
        String token = CsrfToken.issue(key, "session-a");
        assertThat(CsrfToken.matches(key, "session-a", token)).isTrue();
        assertThat(CsrfToken.matches(key, "session-b", token)).isFalse();
        assertThat(CsrfToken.matches(otherKey, "session-a", token)).isFalse();
    }

    @Test
    void missingOrTamperedTokenIsRefused() {
        String token = CsrfToken.issue(key, "session-a");
        assertThat(CsrfToken.matches(key, "session-a", null)).isFalse();
        assertThat(CsrfToken.matches(key, "session-a", "")).isFalse();
        assertThat(CsrfToken.matches(key, "session-a", token.substring(1))).isFalse();
    }
}
