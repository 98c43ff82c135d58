package dev.fapikit.mtls.registration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("RFC 8705 §2.1.2: SAN metadata in dynamic client registration")
class SanRegistrationTest {

    @Test
    void sanMetadataIsTakenOutOfTheRequest() {
        Map<String, Object> metadata = metadata("tls_client_auth", "tls_client_auth_san_dns", "client.example.org");

        SanRegistration.take(metadata);

        assertThat(metadata).doesNotContainKey("tls_client_auth_san_dns").containsKey("token_endpoint_auth_method");
    }

    @Test
    void aRequestWithoutSanMetadataIsUnchanged() {
        Map<String, Object> metadata = metadata("private_key_jwt", "client_name", "demo");

        SanRegistration.take(metadata);

        assertThat(metadata).isEqualTo(metadata("private_key_jwt", "client_name", "demo"));
    }

    @Test
    void twoSanValuesAreRefused() {
        Map<String, Object> metadata = metadata("tls_client_auth", "tls_client_auth_san_dns", "a.example.org");
        metadata.put("tls_client_auth_san_email", "a@example.org");

        assertThatThrownBy(() -> SanRegistration.take(metadata)).hasMessageContaining("at most one");
    }

    @Test
    void sanWithSubjectDnIsRefused() {
        Map<String, Object> metadata = metadata("tls_client_auth", "tls_client_auth_san_ip", "192.0.2.1");
        metadata.put("tls_client_auth_subject_dn", "CN=client");

        assertThatThrownBy(() -> SanRegistration.take(metadata)).hasMessageContaining("exclude each other");
    }

    @Test
    void sanNeedsTlsClientAuth() {
        assertThatThrownBy(() -> SanRegistration.take(metadata("self_signed_tls_client_auth", "tls_client_auth_san_uri",
                "https://client.example.org"))).hasMessageContaining("requires token_endpoint_auth_method tls_client_auth");
    }

    @Test
    void sanValuesAreNonEmptyStrings() {
        assertThatThrownBy(() -> SanRegistration.take(metadata("tls_client_auth", "tls_client_auth_san_dns", " ")))
                .hasMessageContaining("non-empty string");
        Map<String, Object> number = metadata("tls_client_auth", "client_name", "x");
        number.put("tls_client_auth_san_ip", 7);
        assertThatThrownBy(() -> SanRegistration.take(number)).hasMessageContaining("non-empty string");
    }

    @Test
    @DisplayName("tls_client_auth needs a subject DN or a SAN value to match")
    void tlsClientAuthWithoutSubjectIsRefused() {
        assertThatThrownBy(() -> SanRegistration.take(metadata("tls_client_auth", "client_name", "x")))
                .hasMessageContaining("requires tls_client_auth_subject_dn");
        assertThatThrownBy(() -> SanRegistration.take(metadata("tls_client_auth", "tls_client_auth_subject_dn", " ")))
                .hasMessageContaining("requires tls_client_auth_subject_dn");
        SanRegistration.take(metadata("tls_client_auth", "tls_client_auth_subject_dn", "CN=client"));
    }

    private static Map<String, Object> metadata(String method, String name, Object value) {
        Map<String, Object> metadata = new HashMap<>();
        metadata.put("token_endpoint_auth_method", method);
        metadata.put(name, value);
        return metadata;
    }
}
