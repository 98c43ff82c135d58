package dev.fapikit.core.metadata;

import java.util.Map;

import org.keycloak.Config;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.provider.Provider;
import org.keycloak.provider.ProviderFactory;
import org.keycloak.provider.ServerInfoAwareProviderFactory;

/**
 * A FAPI Kit provider factory without set-up or tear-down, which reports the bundle of its concrete class in the
 * server info. A factory with work to do at start or stop overrides {@link #init}, {@link #postInit} or {@link #close}.
 *
 * @param <T> the provider
 */
public abstract class ProviderFactorySupport<T extends Provider> implements ProviderFactory<T>, ServerInfoAwareProviderFactory {

    @Override
    public void init(Config.Scope config) {
    }

    @Override
    public void postInit(KeycloakSessionFactory factory) {
    }

    @Override
    public void close() {
    }

    /** The module and version of the concrete factory's JAR (its package's manifest), not the core's. */
    @Override
    public Map<String, String> getOperationalInfo() {
        return BundleInfo.of(getClass());
    }
}
