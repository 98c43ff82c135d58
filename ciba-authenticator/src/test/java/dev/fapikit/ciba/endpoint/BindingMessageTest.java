package dev.fapikit.ciba.endpoint;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class BindingMessageTest {

    @ParameterizedTest
    @DisplayName("Given printable Unicode with spaces, the binding_message is accepted")
    @ValueSource(strings = {"W4SCT", "Pay 12,50 € to Bäckerei Müller", "確認コード 4711", "Код 1234", "🙂 ok", "a-b_c.d+e/f!g?h#i"})
    void printableUnicodeIsAccepted(String message) {
        assertThat(BindingMessage.problem(message, 50)).isNull();
    }

    @ParameterizedTest
    @DisplayName("Given control, bidi-override or line-break characters, the binding_message is refused")
    @ValueSource(strings = {"line\nbreak", "tab\there", "nul\u0000", "esc\u001b[31m", "rtl \u202Eevil", "isolate \u2066x\u2069",
            "sep\u2028x", "bell\u0007", "private \uE000", "half \uD800 surrogate"})
    void nonPrintableIsRefused(String message) {
        assertThat(BindingMessage.problem(message, 50)).contains("non-printable");
    }

    @Test
    void lengthCountsCharactersNotUtf16Units() {
        assertThat(BindingMessage.problem("🙂".repeat(50), 50)).isNull();
        assertThat(BindingMessage.problem("x".repeat(51), 50)).contains("longer than 50");
        assertThat(BindingMessage.problem("x".repeat(80), 100)).isNull();
    }

    @Test
    void emptyOrBlankIsRefused() {
        assertThat(BindingMessage.problem("", 50)).contains("empty");
        assertThat(BindingMessage.problem("   ", 50)).contains("empty");
    }
}
