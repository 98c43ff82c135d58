package dev.fapikit.policies;

import java.util.Map;

/** The FAPI Kit bundle version, as shown in the admin console's server info for each provider. */
public final class BundleVersion {

    private BundleVersion() {
    }

    /** @return {@code {"version": <Implementation-Version of this JAR>}}, or {@code "development"} outside a JAR */
    public static Map<String, String> operationalInfo() {
        String version = BundleVersion.class.getPackage().getImplementationVersion();
        return Map.of("version", version == null ? "development" : version);
    }
}
