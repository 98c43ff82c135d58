package dev.fapikit.core.metadata;

import org.keycloak.provider.Provider;

/**
 * A FAPI Kit provider factory that Keycloak picks over its own providers of the SPI when no provider is configured:
 * its {@link #order()} is above theirs (0).
 *
 * @param <T> the provider
 */
public abstract class PreferredProviderFactory<T extends Provider> extends ProviderFactorySupport<T> {

    /** Above the order of Keycloak's own providers ({@code default}, {@code infinispan}, ...: 0). */
    public static final int ORDER = 10;

    private final String id;

    /** @param id the provider id */
    protected PreferredProviderFactory(String id) {
        this.id = id;
    }

    @Override
    public String getId() {
        return id;
    }

    @Override
    public int order() {
        return ORDER;
    }
}
