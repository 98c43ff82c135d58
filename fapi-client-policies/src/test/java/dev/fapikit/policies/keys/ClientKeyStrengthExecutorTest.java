package dev.fapikit.policies.keys;

import java.security.KeyPair;
import java.util.HashMap;
import java.util.Map;

import dev.fapikit.policies.ExecutorSettings;
import dev.fapikit.policies.TestKeys;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.keycloak.OAuthErrorException;
import org.keycloak.protocol.oidc.OIDCConfigAttributes;
import org.keycloak.representations.idm.ClientRepresentation;
import org.keycloak.services.clientpolicy.ClientPolicyException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ClientKeyStrengthExecutorTest {

    static KeyPair rsa1024;
    static KeyPair rsa2048;
    static KeyPair p256;
    static KeyPair p384;

    @BeforeAll
    static void keys() throws Exception {
        rsa1024 = TestKeys.rsa(1024);
        rsa2048 = TestKeys.rsa(2048);
        p256 = TestKeys.ec("secp256r1");
        p384 = TestKeys.ec("secp384r1");
    }

    static ClientKeyStrengthExecutor executor(Integer minRsa, Integer minEc) {
        ClientKeyStrengthExecutor executor = new ClientKeyStrengthExecutor(null);
        executor.setupConfiguration(ExecutorSettings.read(ClientKeyStrengthExecutor.Configuration.class,
                ClientKeyStrengthExecutorFactory.MIN_RSA_KEY_SIZE, minRsa, ClientKeyStrengthExecutorFactory.MIN_EC_KEY_SIZE, minEc));
        return executor;
    }

    static ClientRepresentation clientWith(String attribute, String value) {
        ClientRepresentation client = new ClientRepresentation();
        Map<String, String> attributes = new HashMap<>();
        attributes.put(attribute, value);
        client.setAttributes(attributes);
        return client;
    }

    @Nested
    @DisplayName("Given the default floors (RSA 2048, EC 256)")
    class Defaults {

        ClientKeyStrengthExecutor executor = executor(null, null);

        @Test
        void rsa1024JwksRefusedAsInvalidClientMetadata() {
            assertThatThrownBy(() -> executor.checkRepresentation(
                    clientWith(OIDCConfigAttributes.JWKS_STRING, TestKeys.jwks(rsa1024, "weak", null))))
                    .isInstanceOfSatisfying(ClientPolicyException.class, e -> {
                        assertThat(e.getError()).isEqualTo(OAuthErrorException.INVALID_CLIENT_METADATA);
                        assertThat(e.getErrorDetail()).contains("'weak'", "RSA-1024", "2048");
                    });
        }

        @Test
        void rsa2048AndP256JwksAccepted() {
            assertThatCode(() -> executor.checkRepresentation(
                    clientWith(OIDCConfigAttributes.JWKS_STRING, TestKeys.jwks(rsa2048, "rsa", null)))).doesNotThrowAnyException();
            assertThatCode(() -> executor.checkRepresentation(
                    clientWith(OIDCConfigAttributes.JWKS_STRING, TestKeys.jwks(p256, "ec", null)))).doesNotThrowAnyException();
        }

        @Test
        void strongJwkCarryingWeakX5cCertificateRefused() throws Exception {
            String jwks = TestKeys.jwks(rsa2048, "rsa", TestKeys.certificate(rsa1024));
            assertThatThrownBy(() -> executor.checkRepresentation(clientWith(OIDCConfigAttributes.JWKS_STRING, jwks)))
                    .isInstanceOfSatisfying(ClientPolicyException.class,
                            e -> assertThat(e.getErrorDetail()).contains("x5c certificate", "RSA-1024"));
        }

        @Test
        void weakClientCertificateRefused() throws Exception {
            assertThatThrownBy(() -> executor.checkRepresentation(
                    clientWith(ClientKeyStrengthExecutor.CERTIFICATE_ATTRIBUTE, TestKeys.certificate(rsa1024))))
                    .isInstanceOfSatisfying(ClientPolicyException.class, e -> {
                        assertThat(e.getError()).isEqualTo(OAuthErrorException.INVALID_CLIENT_METADATA);
                        assertThat(e.getErrorDetail()).contains("client certificate", "RSA-1024");
                    });
        }

        @Test
        void strongClientCertificateAccepted() throws Exception {
            assertThatCode(() -> executor.checkRepresentation(
                    clientWith(ClientKeyStrengthExecutor.CERTIFICATE_ATTRIBUTE, TestKeys.certificate(p256))))
                    .doesNotThrowAnyException();
        }

        @Test
        void garbledJwksRefused() {
            assertThatThrownBy(() -> executor.checkRepresentation(clientWith(OIDCConfigAttributes.JWKS_STRING, "{not json")))
                    .isInstanceOfSatisfying(ClientPolicyException.class,
                            e -> assertThat(e.getError()).isEqualTo(OAuthErrorException.INVALID_CLIENT_METADATA));
        }

        @Test
        void clientWithoutKeysAccepted() {
            assertThatCode(() -> executor.checkRepresentation(new ClientRepresentation())).doesNotThrowAnyException();
            assertThatCode(() -> executor.checkRepresentation(null)).doesNotThrowAnyException();
        }

        @Test
        void ed25519CountsAsTwoHundredFiftySixBits() {
            String jwks = "{\"keys\":[{\"kty\":\"OKP\",\"crv\":\"Ed25519\",\"kid\":\"ed\",\"x\":\"11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo\"}]}";
            assertThatCode(() -> executor.checkRepresentation(clientWith(OIDCConfigAttributes.JWKS_STRING, jwks)))
                    .doesNotThrowAnyException();
        }

        @Test
        void unknownCurveRefused() {
            String jwks = "{\"keys\":[{\"kty\":\"EC\",\"crv\":\"P-192\",\"kid\":\"odd\",\"x\":\"AA\",\"y\":\"AA\"}]}";
            assertThatThrownBy(() -> executor.checkRepresentation(clientWith(OIDCConfigAttributes.JWKS_STRING, jwks)))
                    .isInstanceOf(ClientPolicyException.class);
        }
    }

    @Nested
    @DisplayName("Given an EC floor of 384 bits")
    class P384Floor {

        ClientKeyStrengthExecutor executor = executor(null, 384);

        @Test
        void p256KeyRefused() {
            assertThatThrownBy(() -> executor.checkRepresentation(
                    clientWith(OIDCConfigAttributes.JWKS_STRING, TestKeys.jwks(p256, "p256", null))))
                    .isInstanceOfSatisfying(ClientPolicyException.class,
                            e -> assertThat(e.getErrorDetail()).contains("EC-256", "384"));
        }

        @Test
        void p384KeyAccepted() {
            assertThatCode(() -> executor.checkRepresentation(
                    clientWith(OIDCConfigAttributes.JWKS_STRING, TestKeys.jwks(p384, "p384", null)))).doesNotThrowAnyException();
        }
    }

    @Test
    @DisplayName("Key sizes are read the same from a JWK and from a Java key")
    void keyStrengthOfJavaKeys() {
        assertThat(KeyStrength.of(rsa1024.getPublic())).contains(new KeyStrength(KeyStrength.Family.RSA, 1024));
        assertThat(KeyStrength.of(p384.getPublic())).contains(new KeyStrength(KeyStrength.Family.EC, 384));
    }

    @Test
    @DisplayName("FAPI 1.0's 160-bit EC floor is configurable")
    void refusalReasonHonoursConfiguredFloor() {
        assertThat(executor(2048, 160).refusalReason(new KeyStrength(KeyStrength.Family.EC, 256))).isNull();
        assertThat(executor(4096, null).refusalReason(new KeyStrength(KeyStrength.Family.RSA, 2048))).contains("4096");
    }
}
