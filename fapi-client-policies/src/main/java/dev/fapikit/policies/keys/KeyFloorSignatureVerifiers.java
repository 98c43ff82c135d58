package dev.fapikit.policies.keys;

import java.security.PublicKey;
import java.util.Map;
import java.util.Optional;

import dev.fapikit.core.metadata.BundleInfo;

import org.keycloak.common.VerificationException;
import org.keycloak.crypto.ClientSignatureVerifierProvider;
import org.keycloak.crypto.ClientSignatureVerifierProviderFactory;
import org.keycloak.crypto.ES256ClientSignatureVerifierProviderFactory;
import org.keycloak.crypto.ES384ClientSignatureVerifierProviderFactory;
import org.keycloak.crypto.ES512ClientSignatureVerifierProviderFactory;
import org.keycloak.crypto.EdDSAClientSignatureVerifierProviderFactory;
import org.keycloak.crypto.KeyWrapper;
import org.keycloak.crypto.PS256ClientSignatureVerifierProviderFactory;
import org.keycloak.crypto.PS384ClientSignatureVerifierProviderFactory;
import org.keycloak.crypto.PS512ClientSignatureVerifierProviderFactory;
import org.keycloak.crypto.RS256ClientSignatureVerifierProviderFactory;
import org.keycloak.crypto.RS384ClientSignatureVerifierProviderFactory;
import org.keycloak.crypto.RS512ClientSignatureVerifierProviderFactory;
import org.keycloak.crypto.SignatureVerifierContext;
import org.keycloak.jose.jws.JWSInput;
import org.keycloak.keys.loader.PublicKeyStorageManager;
import org.keycloak.models.ClientModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.provider.ServerInfoAwareProviderFactory;
import org.keycloak.services.clientpolicy.executor.ClientPolicyExecutorProvider;

/**
 * Same-id replacements of Keycloak's asymmetric {@code clientSignature} verifiers that refuse a client key below the
 * server-wide floor before verifying with Keycloak's own verifier. They cover every client-signed JWT (client
 * assertions, request objects, signed CIBA requests) in every realm, keys from {@code jwks_uri} included.
 *
 * <p>A verifier cannot see client policies (it is called with a client and a JWS only, outside any policy
 * evaluation), so per-profile floors are the {@code fapi-kit-client-key-strength} executor's job; the floor here is
 * server-wide ({@value ClientKeyStrengthExecutorFactory#SERVER_MIN_RSA_KEY_SIZE},
 * {@value ClientKeyStrengthExecutorFactory#SERVER_MIN_EC_KEY_SIZE} on that executor's factory).
 */
public final class KeyFloorSignatureVerifiers {

    private KeyFloorSignatureVerifiers() {
    }

    /** Wraps one Keycloak verifier factory; subclasses name which. */
    abstract static class Factory implements ClientSignatureVerifierProviderFactory, ServerInfoAwareProviderFactory {

        private final ClientSignatureVerifierProviderFactory keycloak;
        private KeyFloor floor = new KeyFloor(ClientKeyStrengthExecutorFactory.DEFAULT_MIN_RSA_KEY_SIZE,
                ClientKeyStrengthExecutorFactory.DEFAULT_MIN_EC_KEY_SIZE);

        Factory(ClientSignatureVerifierProviderFactory keycloak) {
            this.keycloak = keycloak;
        }

        @Override
        public void postInit(KeycloakSessionFactory factory) {
            if (factory.getProviderFactory(ClientPolicyExecutorProvider.class, ClientKeyStrengthExecutorFactory.PROVIDER_ID)
                    instanceof ClientKeyStrengthExecutorFactory executorFactory) {
                floor = executorFactory.serverFloor();
            }
        }

        @Override
        public ClientSignatureVerifierProvider create(KeycloakSession session) {
            return new Verifier(session, keycloak.create(session), floor);
        }

        @Override
        public String getId() {
            return keycloak.getId();
        }

        @Override
        public Map<String, String> getOperationalInfo() {
            Map<String, String> info = new java.util.LinkedHashMap<>(BundleInfo.of(getClass()));
            info.put("min-rsa-key-size", String.valueOf(floor.minRsaBits()));
            info.put("min-ec-key-size", String.valueOf(floor.minEcBits()));
            return info;
        }
    }

    private record Verifier(KeycloakSession session, ClientSignatureVerifierProvider keycloak, KeyFloor floor)
            implements ClientSignatureVerifierProvider {

        @Override
        public SignatureVerifierContext verifier(ClientModel client, JWSInput input) throws VerificationException {
            // The key Keycloak's verifier is about to use (client JWKS, jwks_uri or certificate, cached).
            KeyWrapper key = PublicKeyStorageManager.getClientPublicKeyWrapper(session, client, input);
            if (key != null && key.getPublicKey() instanceof PublicKey publicKey) {
                Optional<String> reason = KeyStrength.of(publicKey).flatMap(floor::refusalReason);
                if (reason.isPresent()) {
                    throw new VerificationException("client key too weak: " + reason.get());
                }
            }
            return keycloak.verifier(client, input);
        }

        @Override
        public String getAlgorithm() {
            return keycloak.getAlgorithm();
        }

        @Override
        public boolean isAsymmetricAlgorithm() {
            return true;
        }
    }

    // One class per Keycloak verifier it replaces (same provider id), each listed in META-INF/services.
    public static final class RS256 extends Factory { public RS256() { super(new RS256ClientSignatureVerifierProviderFactory()); } }
    public static final class RS384 extends Factory { public RS384() { super(new RS384ClientSignatureVerifierProviderFactory()); } }
    public static final class RS512 extends Factory { public RS512() { super(new RS512ClientSignatureVerifierProviderFactory()); } }
    public static final class PS256 extends Factory { public PS256() { super(new PS256ClientSignatureVerifierProviderFactory()); } }
    public static final class PS384 extends Factory { public PS384() { super(new PS384ClientSignatureVerifierProviderFactory()); } }
    public static final class PS512 extends Factory { public PS512() { super(new PS512ClientSignatureVerifierProviderFactory()); } }
    public static final class ES256 extends Factory { public ES256() { super(new ES256ClientSignatureVerifierProviderFactory()); } }
    public static final class ES384 extends Factory { public ES384() { super(new ES384ClientSignatureVerifierProviderFactory()); } }
    public static final class ES512 extends Factory { public ES512() { super(new ES512ClientSignatureVerifierProviderFactory()); } }
    public static final class EdDSA extends Factory { public EdDSA() { super(new EdDSAClientSignatureVerifierProviderFactory()); } }
}
