package dev.fapikit.ciba.hints;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;

import org.junit.jupiter.api.Test;

class SubjectIdentifierTest {

    @Test
    void rfc9493FormatsAreParsed() {
        assertThat(SubjectIdentifier.parse(Map.of("format", "email", "email", "alice@example.com")))
                .isEqualTo(new SubjectIdentifier(SubjectIdentifier.Format.EMAIL, "alice@example.com", null));
        assertThat(SubjectIdentifier.parse(Map.of("format", "phone_number", "phone_number", "+12065550100")).value())
                .isEqualTo("+12065550100");
        assertThat(SubjectIdentifier.parse(Map.of("format", "iss_sub", "iss", "https://as.example", "sub", "u1")))
                .isEqualTo(new SubjectIdentifier(SubjectIdentifier.Format.ISS_SUB, "u1", "https://as.example"));
        assertThat(SubjectIdentifier.parse(Map.of("format", "opaque", "id", "u1")).format())
                .isEqualTo(SubjectIdentifier.Format.OPAQUE);
    }

    @Test
    void missingOrMalformedSubIdIsInvalidRequest() {
        assertThatThrownBy(() -> SubjectIdentifier.parse(null)).hasMessageContaining("needs a sub_id");
        assertThatThrownBy(() -> SubjectIdentifier.parse("alice")).hasMessageContaining("needs a sub_id");
        assertThatThrownBy(() -> SubjectIdentifier.parse(Map.of("email", "a@b"))).hasMessageContaining("lacks a format");
        assertThatThrownBy(() -> SubjectIdentifier.parse(Map.of("format", "email"))).hasMessageContaining("lacks member 'email'");
        assertThatThrownBy(() -> SubjectIdentifier.parse(Map.of("format", "iss_sub", "sub", "u1"))).hasMessageContaining("'iss'");
    }

    @Test
    void unsupportedFormatIsRefused() {
        assertThatThrownBy(() -> SubjectIdentifier.parse(Map.of("format", "did", "url", "did:x")))
                .isInstanceOfSatisfying(HintException.class, e -> assertThat(e.error()).isEqualTo("invalid_request"))
                .hasMessageContaining("not supported");
    }
}
