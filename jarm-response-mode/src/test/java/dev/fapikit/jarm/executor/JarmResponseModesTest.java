package dev.fapikit.jarm.executor;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.keycloak.protocol.oidc.utils.OIDCResponseMode;
import org.keycloak.protocol.oidc.utils.OIDCResponseType;

@DisplayName("JARM §2.3 response modes")
class JarmResponseModesTest {

    @ParameterizedTest
    @ValueSource(strings = {"jwt", "query.jwt", "fragment.jwt", "form_post.jwt"})
    void jwtModesAreJarm(String mode) {
        assertThat(JarmResponseModes.isJwt(mode)).isTrue();
    }

    @ParameterizedTest
    @NullSource
    @ValueSource(strings = {"query", "fragment", "form_post", "web_message", "JWT", ""})
    void otherModesAreNotJarm(String mode) {
        assertThat(JarmResponseModes.isJwt(mode)).isFalse();
    }

    @ParameterizedTest
    @CsvSource({"query, QUERY_JWT", "fragment, FRAGMENT_JWT", "form_post, FORM_POST_JWT", "web_message, QUERY_JWT"})
    void plainModeMapsToItsJwtCounterpart(String requested, OIDCResponseMode expected) {
        assertThat(JarmResponseModes.jwtCounterpart(requested, OIDCResponseType.parse("code"))).isEqualTo(expected);
    }

    @Test
    void absentModeMapsToTheJarmDefaultOfTheResponseType() {
        assertThat(JarmResponseModes.jwtCounterpart(null, OIDCResponseType.parse("code"))).isEqualTo(OIDCResponseMode.QUERY_JWT);
        assertThat(JarmResponseModes.jwtCounterpart(null, OIDCResponseType.parse("code id_token"))).isEqualTo(OIDCResponseMode.FRAGMENT_JWT);
    }
}
