package dev.fapikit.jarm.introspection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.reflect.Proxy;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.keycloak.models.ClientModel;

import dev.fapikit.core.metadata.RegistrationMetadata.InvalidClientMetadataException;

/** RFC 9701 §6 client metadata at dynamic client registration. */
class IntrospectionRegistrationMetadataTest {

    private final IntrospectionRegistrationMetadata metadata = new IntrospectionRegistrationMetadata(
            Set.of("PS256", "ES256", "RS256"), Set.of("RSA-OAEP", "RSA-OAEP-256"), Set.of("A128CBC-HS256", "A256GCM"));
    private final Map<String, String> attributes = new HashMap<>();
    private final ClientModel client = (ClientModel) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {ClientModel.class},
            (p, m, args) -> switch (m.getName()) {
                case "setAttribute" -> attributes.put((String) args[0], (String) args[1]);
                case "removeAttribute" -> attributes.remove((String) args[0]);
                case "getAttribute" -> attributes.get((String) args[0]);
                default -> throw new UnsupportedOperationException(m.getName());
            });

    private Map<String, Object> request(Object... pairs) {
        Map<String, Object> request = new HashMap<>(Map.of("client_name", "rs"));
        for (int i = 0; i < pairs.length; i += 2) {
            request.put((String) pairs[i], pairs[i + 1]);
        }
        return request;
    }

    @Test
    @DisplayName("the three values are taken out of the request, stored as the attributes the introspection endpoint reads, and echoed")
    void storedAndEchoed() {
        Map<String, Object> request = request("introspection_signed_response_alg", "PS256",
                "introspection_encrypted_response_alg", "RSA-OAEP-256", "introspection_encrypted_response_enc", "A256GCM");
        metadata.take(request).accept(client);
        assertThat(request).containsOnlyKeys("client_name");
        assertThat(attributes).containsEntry(IntrospectionResponseSettings.SIGNED_RESPONSE_ALG, "PS256")
                .containsEntry(IntrospectionResponseSettings.ENCRYPTED_RESPONSE_ALG, "RSA-OAEP-256")
                .containsEntry(IntrospectionResponseSettings.ENCRYPTED_RESPONSE_ENC, "A256GCM");
        assertThat(metadata.describe(client)).containsExactly(Map.entry("introspection_signed_response_alg", "PS256"),
                Map.entry("introspection_encrypted_response_alg", "RSA-OAEP-256"), Map.entry("introspection_encrypted_response_enc", "A256GCM"));
    }

    @Test
    @DisplayName("an update without them removes them (RFC 7592 §2.2)")
    void updateWithoutThemRemovesThem() {
        metadata.take(request("introspection_signed_response_alg", "ES256")).accept(client);
        metadata.take(request()).accept(client);
        assertThat(attributes).isEmpty();
        assertThat(metadata.describe(client)).isEmpty();
    }

    @Test
    @DisplayName("values the server does not list in discovery, none, non-strings, and enc without alg are invalid_client_metadata")
    void invalidValues() {
        assertThatThrownBy(() -> metadata.take(request("introspection_signed_response_alg", "none")))
                .isInstanceOf(InvalidClientMetadataException.class).hasMessageContaining("introspection_signed_response_alg");
        assertThatThrownBy(() -> metadata.take(request("introspection_signed_response_alg", "HS256")))
                .isInstanceOf(InvalidClientMetadataException.class);
        assertThatThrownBy(() -> metadata.take(request("introspection_signed_response_alg", 256)))
                .isInstanceOf(InvalidClientMetadataException.class);
        assertThatThrownBy(() -> metadata.take(request("introspection_encrypted_response_alg", "dir")))
                .isInstanceOf(InvalidClientMetadataException.class);
        assertThatThrownBy(() -> metadata.take(request("introspection_encrypted_response_enc", "A256GCM")))
                .isInstanceOf(InvalidClientMetadataException.class).hasMessageContaining("requires introspection_encrypted_response_alg");
        assertThat(attributes).isEmpty();
    }
}
