package dev.fapikit.core.metadata;

import java.util.Map;

import org.keycloak.provider.ServerInfoAwareProviderFactory;

/**
 * A FAPI Kit provider factory that reports, in the admin console's server info, the bundle of its concrete class. For
 * factories that extend one of Keycloak's own and so cannot extend {@link ProviderFactorySupport}.
 */
public interface BundleReportingFactory extends ServerInfoAwareProviderFactory {

    /** The module and version of the concrete factory's JAR (its package's manifest), not the core's. */
    @Override
    default Map<String, String> getOperationalInfo() {
        return BundleInfo.of(getClass());
    }
}
