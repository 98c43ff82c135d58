package dev.fapikit.policies.assertion;

/**
 * Issue 19 §2: fapi-kit-fapi-client-policies builds on fapi-kit-core. Without it Keycloak would start and then fail at the first request that
 * reaches a core class; this check, run from a factory Keycloak always initialises, stops the start instead and names
 * the missing JAR. The core class is named as a string so that this class links without the core.
 */
final class CoreRequired {

    private CoreRequired() {
    }

    static void check() {
        try {
            Class.forName("dev.fapikit.core.metadata.BundleInfo", false, CoreRequired.class.getClassLoader());
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException("FAPI Kit: fapi-kit-fapi-client-policies needs fapi-kit-core in Keycloak's providers/ folder; "
                    + "install every JAR of one FAPI Kit release together (fapi-kit-core, fapi-kit-fapi-client-policies, "
                    + "fapi-kit-jarm-response-mode, fapi-kit-ciba-authenticator, fapi-kit-mtls-binding, fapi-kit-themes)");
        }
    }
}
