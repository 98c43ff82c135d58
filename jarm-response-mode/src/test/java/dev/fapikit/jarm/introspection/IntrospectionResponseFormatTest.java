package dev.fapikit.jarm.introspection;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import jakarta.ws.rs.core.MediaType;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("RFC 9701 §4: the client asks for a JWT with its Accept header")
class IntrospectionResponseFormatTest {

    private static final MediaType JWT = new MediaType("application", "token-introspection+jwt");

    @Test
    void tokenIntrospectionJwtAsksForAJwt() {
        assertThat(IntrospectionResponseFormat.negotiate(List.of(JWT))).isEqualTo(IntrospectionResponseFormat.JWT);
    }

    @Test
    void noAcceptHeaderKeepsJson() {
        assertThat(IntrospectionResponseFormat.negotiate(List.of(MediaType.WILDCARD_TYPE))).isEqualTo(IntrospectionResponseFormat.JSON);
        assertThat(IntrospectionResponseFormat.negotiate(List.of())).isEqualTo(IntrospectionResponseFormat.JSON);
    }

    @Test
    void jsonAndPlainJwtKeepJson() {
        assertThat(IntrospectionResponseFormat.negotiate(List.of(MediaType.APPLICATION_JSON_TYPE))).isEqualTo(IntrospectionResponseFormat.JSON);
        assertThat(IntrospectionResponseFormat.negotiate(List.of(new MediaType("application", "jwt")))).isEqualTo(IntrospectionResponseFormat.JSON);
        assertThat(IntrospectionResponseFormat.negotiate(List.of(new MediaType("application", "*")))).isEqualTo(IntrospectionResponseFormat.JSON);
    }

    @Test
    void theMorePreferredTypeWins() {
        assertThat(IntrospectionResponseFormat.negotiate(List.of(MediaType.APPLICATION_JSON_TYPE, JWT))).isEqualTo(IntrospectionResponseFormat.JSON);
        assertThat(IntrospectionResponseFormat.negotiate(List.of(JWT, MediaType.APPLICATION_JSON_TYPE))).isEqualTo(IntrospectionResponseFormat.JWT);
    }

    @Test
    void aTypeWithQualityZeroIsNotAcceptable() {
        MediaType refusedJwt = new MediaType("application", "token-introspection+jwt", Map.of("q", "0"));
        assertThat(IntrospectionResponseFormat.negotiate(List.of(refusedJwt, MediaType.WILDCARD_TYPE))).isEqualTo(IntrospectionResponseFormat.JSON);
    }
}
