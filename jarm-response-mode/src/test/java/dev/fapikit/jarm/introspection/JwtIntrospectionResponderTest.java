package dev.fapikit.jarm.introspection;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

@DisplayName("RFC 9701 §5 JWT claims")
class JwtIntrospectionResponderTest {

    @Test
    void claimsAreIssAudIatAndTheIntrospectionResponse() {
        ObjectNode introspection = JsonNodeFactory.instance.objectNode().put("active", true).put("sub", "u1").put("iss", "https://as/realms/r");
        ObjectNode claims = JwtIntrospectionResponder.claims("https://as/realms/r", "rs-client", 1_700_000_000L, introspection);

        assertThat(claims.properties()).extracting(java.util.Map.Entry::getKey)
                .containsExactly("iss", "aud", "iat", "token_introspection");
        assertThat(claims.get("aud").asText()).isEqualTo("rs-client");
        assertThat(claims.get("iat").asLong()).isEqualTo(1_700_000_000L);
        assertThat(claims.get("token_introspection")).isEqualTo(introspection);
    }

    @Test
    void anInactiveTokenIsCarriedAsActiveFalse() {
        ObjectNode claims = JwtIntrospectionResponder.claims("https://as/realms/r", "rs-client", 1L,
                JsonNodeFactory.instance.objectNode().put("active", false));
        assertThat(claims.get("token_introspection").toString()).isEqualTo("{\"active\":false}");
    }

    @Test
    void theTypeIsTokenIntrospectionJwt() {
        assertThat(JwtIntrospectionResponder.TYP).isEqualTo("token-introspection+jwt");
    }
}
