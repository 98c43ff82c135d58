package dev.fapikit.core.policy;

import org.keycloak.provider.ProviderConfigProperty;

/** Typed options of a client-policy executor in a client profile, as the admin console lists them. */
public final class ProfileOptions {

    private ProfileOptions() {
    }

    /** An on/off option. */
    public static ProviderConfigProperty bool(String name, String label, boolean defaultValue, String helpText) {
        return new ProviderConfigProperty(name, label, helpText, ProviderConfigProperty.BOOLEAN_TYPE, defaultValue);
    }

    /** A whole-number option. */
    public static ProviderConfigProperty integer(String name, String label, int defaultValue, String helpText) {
        return new ProviderConfigProperty(name, label, helpText, ProviderConfigProperty.INTEGER_TYPE, defaultValue);
    }
}
