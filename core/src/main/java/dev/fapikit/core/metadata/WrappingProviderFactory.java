package dev.fapikit.core.metadata;

import org.keycloak.Config;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.provider.Provider;
import org.keycloak.provider.ProviderFactory;

/**
 * A FAPI Kit provider that wraps the provider of Keycloak's own factory, set up, started and closed with this one, and
 * is preferred over Keycloak's when no provider is configured.
 *
 * @param <T> the provider
 */
public abstract class WrappingProviderFactory<T extends Provider> extends PreferredProviderFactory<T> {

    /** Keycloak's own factory, whose providers this one wraps. */
    protected final ProviderFactory<T> keycloak;

    /**
     * @param id       the provider id
     * @param keycloak Keycloak's own factory of the SPI
     */
    protected WrappingProviderFactory(String id, ProviderFactory<T> keycloak) {
        super(id);
        this.keycloak = keycloak;
    }

    /** @return the provider that serves {@code session} in the place of Keycloak's {@code wrapped} */
    protected abstract T wrap(KeycloakSession session, T wrapped);

    @Override
    public T create(KeycloakSession session) {
        return wrap(session, keycloak.create(session));
    }

    @Override
    public void init(Config.Scope config) {
        keycloak.init(config);
    }

    @Override
    public void postInit(KeycloakSessionFactory factory) {
        keycloak.postInit(factory);
    }

    @Override
    public void close() {
        keycloak.close();
    }
}
