package dev.fapikit.core.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.UUID;

import org.junit.jupiter.api.Test;

class FapiResponseHeadersTest {

    @Test
    void dateIsImfFixdate() {
        // RFC 9110 §5.6.7: Sun, 06 Nov 1994 08:49:37 GMT
        assertThat(FapiResponseHeaders.httpDate(ZonedDateTime.of(1994, 11, 6, 8, 49, 37, 0, ZoneOffset.UTC)))
                .isEqualTo("Sun, 06 Nov 1994 08:49:37 GMT");
    }

    @Test
    void userInfoPathsOnly() {
        assertThat(FapiResponseHeaders.isUserInfo("/realms/fapi/protocol/openid-connect/userinfo")).isTrue();
        assertThat(FapiResponseHeaders.isUserInfo("realms/fapi/protocol/openid-connect/userinfo")).isTrue();
        assertThat(FapiResponseHeaders.isUserInfo("/realms/fapi/protocol/openid-connect/token")).isFalse();
    }

    @Test
    void clientInteractionIdEchoedWhenPlainElseUuid() {
        String sent = UUID.randomUUID().toString();
        assertThat(FapiResponseHeaders.interactionId(sent)).isEqualTo(sent);
        assertThat(UUID.fromString(FapiResponseHeaders.interactionId(null))).isNotNull();
        assertThat(FapiResponseHeaders.interactionId("a\r\nSet-Cookie: x=y")).doesNotContain("Set-Cookie");
        assertThat(FapiResponseHeaders.interactionId("x".repeat(129))).hasSize(36);
    }
}
