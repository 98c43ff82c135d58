package dev.fapikit.jarm.introspection;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("RFC 9701 §6 client metadata")
class IntrospectionResponseSettingsTest {

    @Test
    void withoutSettingsTheResponseIsSignedWithRs256AndNotEncrypted() {
        IntrospectionResponseSettings settings = IntrospectionResponseSettings.of(Map.of());
        assertThat(settings.signingAlg()).isEqualTo("RS256");
        assertThat(settings.encryptionAlg()).isEmpty();
        assertThat(settings.encryptionEnc()).isEmpty();
    }

    @Test
    void encryptionAlgWithoutEncDefaultsToA128CbcHs256() {
        IntrospectionResponseSettings settings = IntrospectionResponseSettings.of(
                Map.of(IntrospectionResponseSettings.SIGNED_RESPONSE_ALG, "PS256", IntrospectionResponseSettings.ENCRYPTED_RESPONSE_ALG, "RSA-OAEP-256"));
        assertThat(settings.signingAlg()).isEqualTo("PS256");
        assertThat(settings.encryptionAlg()).hasValue("RSA-OAEP-256");
        assertThat(settings.encryptionEnc()).hasValue("A128CBC-HS256");
    }

    @Test
    void encWithoutAlgDoesNotEncrypt() {
        IntrospectionResponseSettings settings = IntrospectionResponseSettings.of(Map.of(IntrospectionResponseSettings.ENCRYPTED_RESPONSE_ENC, "A256GCM"));
        assertThat(settings.encryptionAlg()).isEmpty();
        assertThat(settings.encryptionEnc()).isEmpty();
    }

    @Test
    void explicitEncIsUsed() {
        IntrospectionResponseSettings settings = IntrospectionResponseSettings.of(Map.of(
                IntrospectionResponseSettings.ENCRYPTED_RESPONSE_ALG, "ECDH-ES", IntrospectionResponseSettings.ENCRYPTED_RESPONSE_ENC, "A256GCM"));
        assertThat(settings.encryptionEnc()).hasValue("A256GCM");
    }

    @Test
    void withoutRegisteredAlgTheGoverningPolicyDefaultIsUsed() {
        assertThat(IntrospectionResponseSettings.of(Map.of(), "PS256").signingAlg()).isEqualTo("PS256");
        assertThat(IntrospectionResponseSettings.of(Map.of(IntrospectionResponseSettings.SIGNED_RESPONSE_ALG, "ES256"), "PS256")
                .signingAlg()).isEqualTo("ES256");
        assertThat(IntrospectionResponseSettings.of(Map.of(), null).signingAlg()).isEqualTo("RS256");
    }

    @Test
    void ungovernedClientInFapiRealmGetsAnAlgorithmTheMetadataLists() {
        assertThat(IntrospectionResponseSettings.of(Map.of(), null, java.util.Optional.of(java.util.Set.of("ES256", "PS256")))
                .signingAlg()).isEqualTo("PS256");
        assertThat(IntrospectionResponseSettings.of(Map.of(), null, java.util.Optional.of(java.util.Set.of("RS256", "PS256")))
                .signingAlg()).isEqualTo("RS256");
    }
}
