package dev.fapikit.core.metadata;

import java.util.Optional;
import java.util.Set;

import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;

/**
 * The JWS algorithms a realm allows for what the server signs on a client's behalf (RFC 9701 §6 introspection
 * responses; FAPI 1.0 Part 2 §8.6, FAPI 2.0 Security Profile §5.4.1), for a module that signs without knowing which
 * module decides the list. The deciding module's {@link MetadataContributor} also implements {@link Source}; without
 * such a module installed, no list applies.
 */
public final class SigningAlgorithms {

    /**
     * Session attribute: the default algorithm of the client profile that governs the client of a
     * {@code TOKEN_INTROSPECT} request, for the RFC 9701 responder to sign with when the client registered no
     * {@code introspection_signed_response_alg}. Set by the executor that enforces the profile's algorithms.
     */
    public static final String INTROSPECTION_DEFAULT_ALG_ATTRIBUTE = "fapi-kit.introspection-default-alg";

    /** A metadata contributor that also knows the realm's allowed signing algorithms. */
    public interface Source {

        /** @return the algorithms the realm's metadata lists for signing, empty when no rule of the realm narrows them */
        Optional<Set<String>> allowedSigningAlgorithms(KeycloakSession session, RealmModel realm);
    }

    private SigningAlgorithms() {
    }

    /** @return the first {@link Source}'s list, empty when no installed contributor is a source or none narrows the lists */
    public static Optional<Set<String>> allowed(KeycloakSession session, RealmModel realm) {
        return session.getKeycloakSessionFactory().getProviderFactoriesStream(MetadataContributor.class)
                .map(factory -> session.getProvider(MetadataContributor.class, factory.getId()))
                .filter(Source.class::isInstance)
                .map(Source.class::cast)
                .map(source -> source.allowedSigningAlgorithms(session, realm))
                .flatMap(Optional::stream)
                .findFirst();
    }
}
