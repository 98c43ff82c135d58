package dev.fapikit.core.metadata;

import java.util.function.Function;

import org.keycloak.models.KeycloakSession;
import org.keycloak.provider.Provider;

/**
 * A FAPI Kit provider factory without set-up or tear-down that makes its providers from the session alone.
 *
 * @param <T> the provider
 */
public abstract class SimpleProviderFactory<T extends Provider> extends ProviderFactorySupport<T> {

    private final String id;
    private final Function<KeycloakSession, T> provider;

    /**
     * @param id       the provider id
     * @param provider makes the provider for a session
     */
    protected SimpleProviderFactory(String id, Function<KeycloakSession, T> provider) {
        this.id = id;
        this.provider = provider;
    }

    @Override
    public T create(KeycloakSession session) {
        return provider.apply(session);
    }

    @Override
    public String getId() {
        return id;
    }
}
