package dev.fapikit.jarm;

import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import org.keycloak.crypto.CekManagementProvider;
import org.keycloak.crypto.ContentEncryptionProvider;
import org.keycloak.crypto.CryptoUtils;
import org.keycloak.models.KeycloakSession;
import org.keycloak.provider.Provider;
import org.keycloak.provider.ProviderFactory;

/** The JOSE algorithms this server can use for responses it signs for, or encrypts to, a client. */
public final class JoseAlgorithms {

    private JoseAlgorithms() {
    }

    /** Asymmetric JWS algorithms: a client verifies the response with the realm's public keys. */
    public static Set<String> signing(KeycloakSession session) {
        return new TreeSet<>(CryptoUtils.getSupportedAsymmetricSignatureAlgorithms(session));
    }

    /** JWE {@code alg} values: key management with the client's public encryption key. */
    public static Set<String> keyManagement(KeycloakSession session) {
        return providerIds(session, CekManagementProvider.class);
    }

    /** JWE {@code enc} values. */
    public static Set<String> contentEncryption(KeycloakSession session) {
        return providerIds(session, ContentEncryptionProvider.class);
    }

    private static Set<String> providerIds(KeycloakSession session, Class<? extends Provider> spi) {
        return session.getKeycloakSessionFactory().getProviderFactoriesStream(spi)
                .map(ProviderFactory::getId)
                .collect(Collectors.toCollection(TreeSet::new));
    }
}
