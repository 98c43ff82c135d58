package dev.fapikit.mtls;

import java.util.Map;

/** The FAPI Kit version that the factories of this module report in the admin console's server info. */
public final class BundleVersion {

    private BundleVersion() {
    }

    public static Map<String, String> operationalInfo() {
        String version = BundleVersion.class.getPackage().getImplementationVersion();
        return Map.of("fapi-kit-version", version == null ? "development" : version);
    }
}
