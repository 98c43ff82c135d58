package dev.fapikit.ciba.usercode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.reflect.Proxy;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.keycloak.models.ClientModel;

import dev.fapikit.core.metadata.RegistrationMetadata.InvalidClientMetadataException;

/** CIBA Core 1.0 §4 backchannel_user_code_parameter at dynamic client registration. */
class UserCodeRegistrationMetadataTest {

    private final UserCodeRegistrationMetadata metadata = new UserCodeRegistrationMetadata();
    private final Map<String, String> attributes = new HashMap<>();
    private final ClientModel client = (ClientModel) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {ClientModel.class},
            (p, m, args) -> switch (m.getName()) {
                case "setAttribute" -> attributes.put((String) args[0], (String) args[1]);
                case "removeAttribute" -> attributes.remove((String) args[0]);
                case "getAttribute" -> attributes.get((String) args[0]);
                default -> throw new UnsupportedOperationException(m.getName());
            });

    private static Map<String, Object> request(Object value) {
        Map<String, Object> request = new HashMap<>(Map.of("client_name", "pos"));
        request.put("backchannel_user_code_parameter", value);
        return request;
    }

    private void ciba() {
        attributes.put("oidc.ciba.grant.enabled", "true");
    }

    @Test
    @DisplayName("true is taken out of the request, stored as the attribute the backchannel endpoint reads, and echoed")
    void trueStoredAndEchoed() {
        ciba();
        Map<String, Object> request = request(true);
        metadata.take(request).accept(client);
        assertThat(request).containsOnlyKeys("client_name");
        assertThat(attributes).containsEntry(UserCodeRegistrationMetadataFactory.CLIENT_ATTR_USER_CODE, "true");
        assertThat(metadata.describe(client)).containsExactly(Map.entry("backchannel_user_code_parameter", true));
    }

    @Test
    @DisplayName("false is stored and echoed as false")
    void falseStoredAndEchoed() {
        ciba();
        metadata.take(request(false)).accept(client);
        assertThat(attributes).containsEntry(UserCodeRegistrationMetadataFactory.CLIENT_ATTR_USER_CODE, "false");
        assertThat(metadata.describe(client)).containsExactly(Map.entry("backchannel_user_code_parameter", false));
    }

    @Test
    @DisplayName("omitted in an update removes a stored true (RFC 7592 §2.2); a CIBA client is echoed the default false")
    void omittedRemoves() {
        ciba();
        attributes.put(UserCodeRegistrationMetadataFactory.CLIENT_ATTR_USER_CODE, "true");
        Map<String, Object> request = new HashMap<>(Map.of("client_name", "pos"));
        metadata.take(request).accept(client);
        assertThat(attributes).doesNotContainKey(UserCodeRegistrationMetadataFactory.CLIENT_ATTR_USER_CODE);
        assertThat(metadata.describe(client)).containsExactly(Map.entry("backchannel_user_code_parameter", false));
    }

    @Test
    @DisplayName("JSON null counts as omitted")
    void nullIsOmitted() {
        attributes.put(UserCodeRegistrationMetadataFactory.CLIENT_ATTR_USER_CODE, "true");
        metadata.take(request(null)).accept(client);
        assertThat(attributes).doesNotContainKey(UserCodeRegistrationMetadataFactory.CLIENT_ATTR_USER_CODE);
    }

    @Test
    @DisplayName("a client without the CIBA grant that registered nothing gets no such field")
    void notCibaNotEchoed() {
        assertThat(metadata.describe(client)).isEmpty();
    }

    @Test
    @DisplayName("anything but a JSON boolean is invalid_client_metadata, with a description that does not echo the value")
    void notBoolean() {
        for (Object value : List.of("yes", "true", 1, 0, List.of(true), Map.of("a", true))) {
            assertThatThrownBy(() -> metadata.take(request(value)))
                    .isInstanceOf(InvalidClientMetadataException.class)
                    .hasMessage("backchannel_user_code_parameter must be a JSON boolean (true or false)");
        }
        assertThat(attributes).isEmpty();
    }
}
