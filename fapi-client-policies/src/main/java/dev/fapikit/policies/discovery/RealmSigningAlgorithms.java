package dev.fapikit.policies.discovery;

import java.util.Optional;
import java.util.Set;

import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;

/** The JWS algorithms a realm's discovery metadata lists, for code that signs on the realm's behalf. */
public final class RealmSigningAlgorithms {

    private RealmSigningAlgorithms() {
    }

    /**
     * @return the algorithms the realm's enabled {@code fapi-kit-signature-algorithm} policies allow (the lists its
     *         metadata advertises), empty when no enabled policy uses that executor
     */
    public static Optional<Set<String>> allowed(KeycloakSession session, RealmModel realm) {
        return SigningAlgorithmsMetadataContributor.activeAllowList(session, realm);
    }
}
