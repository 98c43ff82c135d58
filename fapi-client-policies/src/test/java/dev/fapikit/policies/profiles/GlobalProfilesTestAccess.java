package dev.fapikit.policies.profiles;

import java.util.List;

import org.keycloak.representations.idm.ClientProfileRepresentation;

/** Test access to the package-private merge. */
public final class GlobalProfilesTestAccess {

    private GlobalProfilesTestAccess() {
    }

    public static List<ClientProfileRepresentation> merge(List<ClientProfileRepresentation> base, List<ClientProfileRepresentation> fapiKit) {
        return GlobalProfiles.merge("test", base, List.of(), fapiKit).profiles();
    }
}
