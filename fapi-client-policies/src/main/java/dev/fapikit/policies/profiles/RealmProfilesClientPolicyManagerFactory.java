package dev.fapikit.policies.profiles;

import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.utils.KeycloakModelUtils;
import org.keycloak.models.utils.PostMigrationEvent;
import org.keycloak.services.clientpolicy.ClientPolicyManager;
import org.keycloak.services.clientpolicy.ClientPolicyManagerFactory;
import org.keycloak.services.clientpolicy.DefaultClientPolicyManagerFactory;

import dev.fapikit.core.metadata.PreferredProviderFactory;
import dev.fapikit.core.metadata.WrappingProviderFactory;

/**
 * Keycloak's client-policy manager, unchanged, except that a realm file or profiles update that still declares its
 * own copy of one of FAPI Kit's global profiles (as the realm files of earlier releases do) is accepted: the copy is
 * left out with one log line and the realm's policies use the global profile of that name. Keycloak itself refuses
 * such a realm ("Proposed profile name … is duplicated as a global profile") and, for a realm imported at start-up,
 * stops the server (issue 18 §1). With {@link #order()} above zero it is the active {@code client-policy-manager}
 * once installed; {@code --spi-client-policy-manager--provider=default} selects Keycloak's alone.
 */
public final class RealmProfilesClientPolicyManagerFactory extends WrappingProviderFactory<ClientPolicyManager>
        implements ClientPolicyManagerFactory {

    public static final String PROVIDER_ID = "fapi-kit";

    /** Order {@value PreferredProviderFactory#ORDER}: above Keycloak's {@code default} (0). */
    public RealmProfilesClientPolicyManagerFactory() {
        super(PROVIDER_ID, new DefaultClientPolicyManagerFactory(), RealmProfilesClientPolicyManager::new);
    }

    @Override
    public void postInit(KeycloakSessionFactory factory) {
        super.postInit(factory);
        // after Keycloak's own migration at start-up: replace stored copies, report policies that name no profile
        factory.register(event -> {
            if (event instanceof PostMigrationEvent) {
                KeycloakModelUtils.runJobInTransaction(factory, session -> session.realms().getRealmsStream().forEach(realm -> {
                    session.getContext().setRealm(realm);
                    if (session.clientPolicy() instanceof RealmProfilesClientPolicyManager manager) {
                        manager.startUpPass(realm);
                    }
                }));
            }
        });
    }
}
