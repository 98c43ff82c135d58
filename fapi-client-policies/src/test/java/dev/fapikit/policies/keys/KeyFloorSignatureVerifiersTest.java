package dev.fapikit.policies.keys;

import java.util.List;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.stream.Collectors;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.keycloak.crypto.ClientSignatureVerifierProviderFactory;

import static org.assertj.core.api.Assertions.assertThat;

class KeyFloorSignatureVerifiersTest {

    @Test
    @DisplayName("Every asymmetric Keycloak client signature verifier has a FAPI Kit replacement with the same id")
    void everyAsymmetricVerifierReplaced() {
        List<ClientSignatureVerifierProviderFactory> all = ServiceLoader.load(ClientSignatureVerifierProviderFactory.class)
                .stream().map(ServiceLoader.Provider::get).toList();
        Set<String> keycloakAsymmetric = all.stream().filter(f -> f.getClass().getName().startsWith("org.keycloak."))
                .map(ClientSignatureVerifierProviderFactory::getId).filter(id -> !id.startsWith("HS")).collect(Collectors.toSet());
        Set<String> ours = all.stream().filter(f -> f instanceof KeyFloorSignatureVerifiers.Factory)
                .map(ClientSignatureVerifierProviderFactory::getId).collect(Collectors.toSet());
        assertThat(keycloakAsymmetric).isNotEmpty();
        assertThat(ours).isEqualTo(keycloakAsymmetric);
    }

    @Test
    @DisplayName("The floor refuses RSA-1024 and accepts RSA-2048 and P-256 by default")
    void defaultFloor() {
        KeyFloor floor = new KeyFloor(ClientKeyStrengthExecutorFactory.DEFAULT_MIN_RSA_KEY_SIZE,
                ClientKeyStrengthExecutorFactory.DEFAULT_MIN_EC_KEY_SIZE);
        assertThat(floor.refusalReason(new KeyStrength(KeyStrength.Family.RSA, 1024))).isPresent();
        assertThat(floor.refusalReason(new KeyStrength(KeyStrength.Family.RSA, 2048))).isEmpty();
        assertThat(floor.refusalReason(new KeyStrength(KeyStrength.Family.EC, 256))).isEmpty();
    }
}
