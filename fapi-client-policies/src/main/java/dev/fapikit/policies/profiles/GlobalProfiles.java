package dev.fapikit.policies.profiles;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import org.keycloak.representations.idm.ClientPolicyRepresentation;
import org.keycloak.representations.idm.ClientProfileRepresentation;

/**
 * The global profiles: the base security profile's profiles unchanged and in their order, then each FAPI Kit profile
 * whose name the base does not already have (a base that already loads FAPI Kit's file, as the former server option
 * {@code --spi-security-profile--default--name=fapi-kit-security-profile} did, gets no second copy).
 *
 * @param fapiKitNames the names of FAPI Kit's profiles, which a realm file may still declare (see {@link RealmProfilesClientPolicyManager})
 */
record GlobalProfiles(String name, List<ClientProfileRepresentation> profiles, List<ClientPolicyRepresentation> policies,
        Set<String> fapiKitNames) {

    static GlobalProfiles merge(String baseName, List<ClientProfileRepresentation> base, List<ClientPolicyRepresentation> basePolicies,
            List<ClientProfileRepresentation> fapiKit) {
        List<ClientProfileRepresentation> all = new ArrayList<>(base == null ? List.of() : base);
        Set<String> names = new LinkedHashSet<>();
        all.forEach(p -> names.add(p.getName()));
        Set<String> fapiKitNames = new LinkedHashSet<>();
        for (ClientProfileRepresentation profile : fapiKit) {
            fapiKitNames.add(profile.getName());
            if (names.add(profile.getName())) {
                all.add(profile);
            }
        }
        return new GlobalProfiles(baseName + "+fapi-kit", List.copyOf(all), basePolicies == null ? List.of() : List.copyOf(basePolicies),
                Set.copyOf(fapiKitNames));
    }
}
