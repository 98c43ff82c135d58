package dev.fapikit.ciba.usercode;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SetUserCodeRequiredActionTest {

    @Test
    void acceptsAMatchingCodeOfAtLeastEightCharacters() {
        assertThat(SetUserCodeRequiredAction.problem("47110815", "47110815")).isNull();
        assertThat(SetUserCodeRequiredAction.problem("grüne Wiese", "grüne Wiese")).isNull();
    }

    @Test
    void refusesMissingShortLongOrMismatchedCodes() {
        assertThat(SetUserCodeRequiredAction.problem(null, null)).isEqualTo("fapiKitCibaUserCodeMissing");
        assertThat(SetUserCodeRequiredAction.problem(" ", " ")).isEqualTo("fapiKitCibaUserCodeMissing");
        assertThat(SetUserCodeRequiredAction.problem("123", "123")).isEqualTo("fapiKitCibaUserCodeLength");
        // CIBA Core §15.1: a 4-digit PIN (10^4 values) is too weak against a guess limit per window
        assertThat(SetUserCodeRequiredAction.problem("4711", "4711")).isEqualTo("fapiKitCibaUserCodeLength");
        assertThat(SetUserCodeRequiredAction.problem("1234567", "1234567")).isEqualTo("fapiKitCibaUserCodeLength");
        assertThat(SetUserCodeRequiredAction.problem("x".repeat(65), "x".repeat(65))).isEqualTo("fapiKitCibaUserCodeLength");
        assertThat(SetUserCodeRequiredAction.problem("47110815", "47110816")).isEqualTo("fapiKitCibaUserCodeMismatch");
    }
}
