package dev.fapikit.ciba.hints;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.EnumSet;
import java.util.Set;

import org.junit.jupiter.api.Test;

class UserHintTest {

    private static final Set<UserHint.Type> ALL = EnumSet.allOf(UserHint.Type.class);

    @Test
    void exactlyOneHintIsAccepted() {
        assertThat(UserHint.exactlyOne("alice", null, null, ALL)).isEqualTo(new UserHint(UserHint.Type.LOGIN_HINT, "alice"));
        assertThat(UserHint.exactlyOne(null, "jwt", null, ALL).type()).isEqualTo(UserHint.Type.LOGIN_HINT_TOKEN);
        assertThat(UserHint.exactlyOne(null, null, "idt", ALL).type()).isEqualTo(UserHint.Type.ID_TOKEN_HINT);
    }

    @Test
    void noHintOrTwoHintsAreInvalidRequest() {
        assertThatThrownBy(() -> UserHint.exactlyOne(null, null, null, ALL))
                .isInstanceOfSatisfying(HintException.class, e -> assertThat(e.error()).isEqualTo("invalid_request"))
                .hasMessageContaining("required");
        assertThatThrownBy(() -> UserHint.exactlyOne("alice", null, "idt", ALL))
                .isInstanceOfSatisfying(HintException.class, e -> assertThat(e.error()).isEqualTo("invalid_request"))
                .hasMessageContaining("Only one");
    }

    @Test
    void hintTypeNotAllowedForTheClientIsRefused() {
        assertThatThrownBy(() -> UserHint.exactlyOne(null, null, "idt", EnumSet.of(UserHint.Type.LOGIN_HINT)))
                .isInstanceOfSatisfying(HintException.class, e -> assertThat(e.error()).isEqualTo("invalid_request"))
                .hasMessageContaining("may not use id_token_hint");
    }

    @Test
    void blankHintIsRefused() {
        assertThatThrownBy(() -> UserHint.exactlyOne(" ", null, null, ALL)).hasMessageContaining("empty");
    }

    @Test
    void typesParseFromParameterNames() {
        assertThat(UserHint.Type.fromParameter(" ID_TOKEN_HINT ")).isEqualTo(UserHint.Type.ID_TOKEN_HINT);
        assertThatThrownBy(() -> UserHint.Type.fromParameter("phone")).hasMessageContaining("Unknown CIBA hint type");
    }
}
