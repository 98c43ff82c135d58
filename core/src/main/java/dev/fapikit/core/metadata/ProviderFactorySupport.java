package dev.fapikit.core.metadata;

import org.keycloak.provider.Provider;

import dev.fapikit.core.spi.PassiveProviderFactory;

/**
 * A FAPI Kit provider factory without set-up or tear-down, which reports the bundle of its concrete class in the
 * server info. A factory with work to do at start or stop overrides {@link #init}, {@link #postInit} or {@link #close}.
 *
 * @param <T> the provider
 */
public abstract class ProviderFactorySupport<T extends Provider> implements PassiveProviderFactory<T>, BundleReportingFactory {
}
