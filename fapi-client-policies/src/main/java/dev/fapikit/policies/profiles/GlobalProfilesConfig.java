package dev.fapikit.policies.profiles;

import org.keycloak.Config;

/**
 * Where the global profiles come from: Keycloak's own security profile (the file its {@code default}
 * {@code security-profile} provider reads, {@code --spi-security-profile--default--name}, default
 * {@code none-security-profile}: Keycloak's built-in profiles and no global policies) and FAPI Kit's profiles file.
 *
 * @param baseSecurityProfile the name of Keycloak's security-profile file whose profiles and policies are kept as they are
 * @param fapiKitProfiles the name (without {@code .json}) of the file with FAPI Kit's complete profiles
 */
public record GlobalProfilesConfig(String baseSecurityProfile, String fapiKitProfiles) {

    /** Keycloak's option of its {@code default} security-profile provider, read so that an admin's choice is kept. */
    static final String KEYCLOAK_NAME_OPTION = "name";
    static final String KEYCLOAK_DEFAULT_NAME = "none-security-profile";

    /** FAPI Kit's complete profiles, shipped in this module. */
    public static final String FAPI_KIT_PROFILES = "fapi-kit-client-profiles";

    static GlobalProfilesConfig read() {
        Config.Scope keycloakDefault = Config.scope("security-profile", "default");
        return new GlobalProfilesConfig(keycloakDefault.get(KEYCLOAK_NAME_OPTION, KEYCLOAK_DEFAULT_NAME), FAPI_KIT_PROFILES);
    }
}
