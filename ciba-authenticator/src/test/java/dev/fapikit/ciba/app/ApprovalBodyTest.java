package dev.fapikit.ciba.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The {@code authorization_details_fingerprint} an approval body of the authenticator-app API carries (hostile input). */
class ApprovalBodyTest {

    private static final String FP = "n4bQgYhMfWWaL-qgxVrQFaO_TxsrC4Is0V1sFbDwCgg";

    @Test
    @DisplayName("no body, an empty body or a body of another type carries none (requests without details need none)")
    void none() {
        assertThat(ApproverApiResource.fingerprint(null, null)).isNull();
        assertThat(ApproverApiResource.fingerprint("application/json", "")).isNull();
        assertThat(ApproverApiResource.fingerprint("application/json", "{}")).isNull();
        assertThat(ApproverApiResource.fingerprint("application/json", "{\"authorization_details_fingerprint\":null}")).isNull();
        assertThat(ApproverApiResource.fingerprint("text/plain", "authorization_details_fingerprint=" + FP)).isNull();
        assertThat(ApproverApiResource.fingerprint("application/x-www-form-urlencoded", "authorization_details_fingerprint=")).isNull();
    }

    @Test
    @DisplayName("a JSON object member or a form parameter, whatever the charset parameter")
    void read() {
        assertThat(ApproverApiResource.fingerprint("application/json; charset=UTF-8",
                "{\"authorization_details_fingerprint\":\"" + FP + "\"}")).isEqualTo(FP);
        assertThat(ApproverApiResource.fingerprint("Application/X-WWW-Form-Urlencoded",
                "a=b&authorization_details_fingerprint=" + FP)).isEqualTo(FP);
        assertThat(ApproverApiResource.fingerprint("application/x-www-form-urlencoded",
                "authorization_details_fingerprint=a%2Bb")).isEqualTo("a+b");
    }

    @Test
    @DisplayName("malformed bodies are refused with a description, never an exception of another kind")
    void malformed() {
        for (String[] c : new String[][] {{"application/json", "{"}, {"application/json", "[1]"},
                {"application/json", "{\"authorization_details_fingerprint\":1}"},
                {"application/json", "{\"authorization_details_fingerprint\":[\"" + FP + "\"]}"},
                {"application/x-www-form-urlencoded", "authorization_details_fingerprint=%zz"},
                {"application/x-www-form-urlencoded", "authorization_details_fingerprint=a&authorization_details_fingerprint=b"},
                {"application/json", "{\"x\":\"" + "a".repeat(ApproverApiResource.MAX_BODY) + "\"}"}}) {
            assertThatThrownBy(() -> ApproverApiResource.fingerprint(c[0], c[1])).as(c[1])
                    .isInstanceOf(IllegalArgumentException.class).hasMessageNotContaining("Exception");
        }
    }
}
