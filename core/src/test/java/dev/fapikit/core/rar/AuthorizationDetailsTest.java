package dev.fapikit.core.rar;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class AuthorizationDetailsTest {

    @Test
    @DisplayName("an array of typed objects is read; types in request order")
    void read() {
        AuthorizationDetails details = AuthorizationDetails.parse(
                "[" + PaymentInitiationTest.EXAMPLE + ",{\"type\":\"account_information\"}]");
        assertThat(details.entries()).hasSize(2);
        assertThat(details.types()).containsExactly("payment_initiation", "account_information");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", "{}", "[]", "[1]", "[{}]", "[{\"type\":1}]", "[{\"type\":\"\"}]", "nope",
            "[{\"type\":\"a\"}] x", "[{\"type\":\"a\",\"type\":\"b\"}]", "[{\"type\":\"a\u0007\"}]"})
    void malformed(String parameter) {
        assertThatThrownBy(() -> AuthorizationDetails.parse(parameter)).isInstanceOf(InvalidAuthorizationDetails.class);
    }

    @Test
    @DisplayName("at most 10 entries")
    void entries() {
        String eleven = "[" + "{\"type\":\"a\"},".repeat(10) + "{\"type\":\"a\"}]";
        assertThatThrownBy(() -> AuthorizationDetails.parse(eleven)).hasMessageContaining("more than 10 entries");
        AuthorizationDetails.parse("[" + "{\"type\":\"a\"},".repeat(9) + "{\"type\":\"a\"}]");
    }

    @Test
    @DisplayName("at most 16 KiB")
    void size() {
        String big = "[{\"type\":\"a\",\"x\":\"" + "y".repeat(16 * 1024) + "\"}]";
        assertThatThrownBy(() -> AuthorizationDetails.parse(big)).hasMessageContaining("longer than 16384 bytes");
    }

    @Test
    @DisplayName("nesting deeper than 8 is refused, 8 is read")
    void depth() {
        // array(1) > object(2) > 6 more levels = 8
        String eight = "[{\"type\":\"a\",\"x\":[[[[[[1]]]]]]}]";
        AuthorizationDetails.parse(eight);
        String nine = "[{\"type\":\"a\",\"x\":[[[[[[[1]]]]]]]}]";
        assertThatThrownBy(() -> AuthorizationDetails.parse(nine)).isInstanceOf(InvalidAuthorizationDetails.class);
        String deep = "[{\"type\":\"a\",\"x\":" + "[".repeat(5000) + "]".repeat(5000) + "}]";
        assertThatThrownBy(() -> AuthorizationDetails.parse(deep)).isInstanceOf(InvalidAuthorizationDetails.class);
    }

    @Test
    @DisplayName("Jackson's messages, which quote the input, never reach the client")
    void description_does_not_echo() {
        assertThatThrownBy(() -> AuthorizationDetails.parse("[{\"type\":\"<script>\""))
                .hasMessage("authorization_details is not valid JSON (RFC 9396 §2)");
    }
}
