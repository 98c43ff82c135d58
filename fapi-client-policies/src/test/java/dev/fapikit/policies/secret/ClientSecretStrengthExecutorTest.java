package dev.fapikit.policies.secret;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.keycloak.OAuthErrorException;
import org.keycloak.common.util.SecretGenerator;
import org.keycloak.representations.idm.ClientRepresentation;
import org.keycloak.services.clientpolicy.ClientPolicyException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fapikit.policies.ExecutorSettings;

class ClientSecretStrengthExecutorTest {

    static ClientSecretStrengthExecutor executor(Integer minBits) {
        return executor(minBits, null);
    }

    static ClientSecretStrengthExecutor executor(Integer minBits, Integer minLength) {
        ClientSecretStrengthExecutor executor = new ClientSecretStrengthExecutor();
        executor.setupConfiguration(ExecutorSettings.read(ClientSecretStrengthExecutor.Configuration.class,
                ClientSecretStrengthExecutorFactory.MIN_ENTROPY_BITS, minBits, ClientSecretStrengthExecutorFactory.MIN_LENGTH, minLength));
        return executor;
    }

    static ClientRepresentation confidentialClient(String secret) {
        ClientRepresentation client = new ClientRepresentation();
        client.setPublicClient(false);
        client.setSecret(secret);
        return client;
    }

    @Test
    @DisplayName("A three-character secret is refused with invalid_client_metadata")
    void threeCharacterSecretRefused() {
        assertThatThrownBy(() -> executor(null).checkSecret(confidentialClient("abc")))
                .isInstanceOfSatisfying(ClientPolicyException.class, e -> {
                    assertThat(e.getError()).isEqualTo(OAuthErrorException.INVALID_CLIENT_METADATA);
                    assertThat(e.getErrorDetail()).contains("too short", "32");
                });
    }

    @Test
    @DisplayName("Secrets generated the way Keycloak generates them always pass")
    void generatedSecretsPass() {
        ClientSecretStrengthExecutor executor = executor(null);
        for (int i = 0; i < 2000; i++) {
            String secret = SecretGenerator.getInstance().randomString(32);
            assertThatCode(() -> executor.checkSecret(confidentialClient(secret))).as(secret).doesNotThrowAnyException();
        }
    }

    @Test
    @DisplayName("A long secret with little entropy is refused for its entropy")
    void lowEntropyRefused() {
        assertThatThrownBy(() -> executor(null).checkSecret(confidentialClient("password".repeat(4))))
                .isInstanceOfSatisfying(ClientPolicyException.class,
                        e -> assertThat(e.getErrorDetail()).contains("entropy", "128"));
    }

    @Test
    @DisplayName("Long but repetitive or sequential secrets are refused")
    void repetitiveSecretsRefused() {
        assertThatThrownBy(() -> executor(null).checkSecret(confidentialClient("a".repeat(64))))
                .isInstanceOf(ClientPolicyException.class);
        assertThatThrownBy(() -> executor(null).checkSecret(confidentialClient("abcdefghijklmnopqrstuvwxyz0123456789")))
                .isInstanceOf(ClientPolicyException.class);
    }

    @Test
    @DisplayName("No secret (Keycloak generates one, or keeps the stored one) and public clients pass")
    void absentSecretAndPublicClientsPass() {
        assertThatCode(() -> executor(null).checkSecret(confidentialClient(null))).doesNotThrowAnyException();
        ClientRepresentation publicClient = confidentialClient("abc");
        publicClient.setPublicClient(true);
        assertThatCode(() -> executor(null).checkSecret(publicClient)).doesNotThrowAnyException();
    }

    @Test
    @DisplayName("The floor is configurable")
    void configuredFloor() {
        String secret = SecretGenerator.getInstance().randomString(32);
        assertThatThrownBy(() -> executor(400).checkSecret(confidentialClient(secret))).isInstanceOf(ClientPolicyException.class);
        assertThatCode(() -> executor(8, 4).checkSecret(confidentialClient("Zq3!"))).doesNotThrowAnyException();
    }

    @Test
    void entropyEstimate() {
        assertThat(SecretEntropy.bits("abc")).isLessThan(6);
        assertThat(SecretEntropy.bits("")).isZero();
        // 22 random base64url characters carry 132 bits
        assertThat(SecretEntropy.bits("Xp4_vR9-qL2mZt7KwB0sYe")).isGreaterThan(128);
    }
}
