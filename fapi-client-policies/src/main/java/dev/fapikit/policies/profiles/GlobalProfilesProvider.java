package dev.fapikit.policies.profiles;

import java.util.List;

import org.keycloak.representations.idm.ClientPolicyRepresentation;
import org.keycloak.representations.idm.ClientProfileRepresentation;
import org.keycloak.securityprofile.SecurityProfileProvider;

/** The server's global client profiles and policies, computed once by {@link GlobalProfilesProviderFactory}. */
final class GlobalProfilesProvider implements SecurityProfileProvider {

    private final GlobalProfiles profiles;

    GlobalProfilesProvider(GlobalProfiles profiles) {
        this.profiles = profiles;
    }

    @Override
    public String getName() {
        return profiles.name();
    }

    @Override
    public List<ClientProfileRepresentation> getDefaultClientProfiles() {
        return profiles.profiles();
    }

    @Override
    public List<ClientPolicyRepresentation> getDefaultClientPolicies() {
        return profiles.policies();
    }

    @Override
    public void close() {
    }
}
