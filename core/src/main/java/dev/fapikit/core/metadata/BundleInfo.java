package dev.fapikit.core.metadata;

import java.util.Map;

/**
 * What every FAPI Kit factory reports in the admin console's server info ({@code ServerInfoAwareProviderFactory}):
 * the bundle module and version it comes from, read from the JAR manifest.
 */
public final class BundleInfo {

    public static final String MODULE = "fapi-kit-module";
    public static final String VERSION = "fapi-kit-version";

    private BundleInfo() {
    }

    public static Map<String, String> of(Class<?> factory) {
        Package p = factory.getPackage();
        String title = p.getImplementationTitle();
        String version = p.getImplementationVersion();
        return Map.of(MODULE, title == null ? "unknown" : title, VERSION, version == null ? "unknown" : version);
    }
}
