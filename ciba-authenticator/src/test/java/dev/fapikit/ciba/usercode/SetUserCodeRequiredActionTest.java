package dev.fapikit.ciba.usercode;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SetUserCodeRequiredActionTest {

    @Test
    void acceptsAMatchingCodeOfAtLeastFourCharacters() {
        assertThat(SetUserCodeRequiredAction.problem("4711", "4711")).isNull();
        assertThat(SetUserCodeRequiredAction.problem("grüne Wiese", "grüne Wiese")).isNull();
    }

    @Test
    void refusesMissingShortLongOrMismatchedCodes() {
        assertThat(SetUserCodeRequiredAction.problem(null, null)).isEqualTo("fapiKitCibaUserCodeMissing");
        assertThat(SetUserCodeRequiredAction.problem(" ", " ")).isEqualTo("fapiKitCibaUserCodeMissing");
        assertThat(SetUserCodeRequiredAction.problem("123", "123")).isEqualTo("fapiKitCibaUserCodeLength");
        assertThat(SetUserCodeRequiredAction.problem("x".repeat(65), "x".repeat(65))).isEqualTo("fapiKitCibaUserCodeLength");
        assertThat(SetUserCodeRequiredAction.problem("4711", "4712")).isEqualTo("fapiKitCibaUserCodeMismatch");
    }
}
