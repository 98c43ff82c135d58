package dev.fapikit.jarm;

import java.util.Map;
import java.util.Optional;

/** What FAPI Kit factories report on the admin console's server-info page. */
public final class BundleInfo {

    private BundleInfo() {
    }

    public static Map<String, String> operationalInfo() {
        String version = Optional.ofNullable(BundleInfo.class.getPackage().getImplementationVersion()).orElse("development");
        return Map.of("fapi-kit-version", version);
    }
}
