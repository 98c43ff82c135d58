package dev.fapikit.core.jose;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.keycloak.representations.AccessToken;
import org.keycloak.representations.JsonWebToken;

class UniqueClaimNamesTest {

    private final ObjectMapper mapper = new ObjectMapper();

    UniqueClaimNamesTest() {
        UniqueClaimNames.install(mapper);
    }

    @Test
    void declaredClaimWinsOverSameNamedOtherClaim() throws Exception {
        JsonWebToken token = new JsonWebToken();
        token.issuer("https://as.example/realms/r");
        token.subject("alice-id");
        token.setOtherClaims("iss", "https://as.example/realms/r");
        token.setOtherClaims("sub", "mallory-id");
        token.setOtherClaims("state", "xyz");

        String json = mapper.writeValueAsString(token);

        // RFC 7519 §4: one member per claim name; the claim the server set is the one kept
        assertThat(json.split("\"iss\"", -1)).hasSize(2);
        assertThat(json.split("\"sub\"", -1)).hasSize(2);
        assertThat(mapper.readValue(json, Map.class)).containsEntry("sub", "alice-id").containsEntry("state", "xyz");
    }

    @Test
    void subclassesAndNestedValuesAreKept() throws Exception {
        AccessToken token = new AccessToken();
        token.subject("alice-id");
        token.setOtherClaims("nested", Map.of("sub", "x", "list", List.of(1, 2)));
        token.setOtherClaims("azp", "other");
        token.issuedFor("client-a");

        Map<?, ?> read = mapper.readValue(mapper.writeValueAsString(token), Map.class);

        assertThat(read.get("azp")).isEqualTo("client-a");
        assertThat(read.get("nested")).isEqualTo(Map.of("sub", "x", "list", List.of(1, 2)));
        assertThat(mapper.readValue(mapper.writeValueAsString(token), AccessToken.class).getSubject()).isEqualTo("alice-id");
    }

    @Test
    void installingTwiceRegistersOnce() {
        UniqueClaimNames.install(mapper);
        assertThat(mapper.getRegisteredModuleIds()).containsOnlyOnce(UniqueClaimNames.MODULE_NAME);
    }
}
