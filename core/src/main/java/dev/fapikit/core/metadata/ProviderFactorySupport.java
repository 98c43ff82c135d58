package dev.fapikit.core.metadata;

import org.keycloak.Config;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.provider.Provider;
import org.keycloak.provider.ProviderFactory;

/**
 * A FAPI Kit provider factory without set-up or tear-down, which reports the bundle of its concrete class in the
 * server info. A factory with work to do at start or stop overrides {@link #init}, {@link #postInit} or {@link #close}.
 * These are class methods, not {@link dev.fapikit.core.spi.PassiveProviderFactory}'s defaults: a class method wins over
 * the defaults of Keycloak's own factory interfaces a subclass implements (e.g. {@code OIDCExtProviderFactory}).
 *
 * @param <T> the provider
 */
public abstract class ProviderFactorySupport<T extends Provider> implements ProviderFactory<T>, BundleReportingFactory {

    @Override
    public void init(Config.Scope config) {
    }

    @Override
    public void postInit(KeycloakSessionFactory factory) {
    }

    @Override
    public void close() {
    }
}
