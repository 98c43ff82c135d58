package dev.fapikit.core.metadata;

import java.util.List;
import java.util.function.BiFunction;

import org.keycloak.Config;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.provider.Provider;
import org.keycloak.provider.ProviderConfigProperty;
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
    private final BiFunction<KeycloakSession, T, T> wrapper;

    /**
     * @param id       the provider id
     * @param keycloak Keycloak's own factory of the SPI
     * @param wrapper  the provider that serves a session in the place of Keycloak's
     */
    protected WrappingProviderFactory(String id, ProviderFactory<T> keycloak, BiFunction<KeycloakSession, T, T> wrapper) {
        super(id);
        this.keycloak = keycloak;
        this.wrapper = wrapper;
    }

    @Override
    public T create(KeycloakSession session) {
        return wrapper.apply(session, keycloak.create(session));
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

    /** No server options of its own: Keycloak's wrapped provider keeps its options where they are. */
    @Override
    public List<ProviderConfigProperty> getConfigMetadata() {
        return List.of();
    }
}
