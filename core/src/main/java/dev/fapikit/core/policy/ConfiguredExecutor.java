package dev.fapikit.core.policy;

import java.util.function.Supplier;

import org.keycloak.models.KeycloakSession;
import org.keycloak.representations.idm.ClientPolicyExecutorConfigurationRepresentation;
import org.keycloak.services.clientpolicy.executor.ClientPolicyExecutorProvider;

/**
 * A client-policy executor with a configuration of its own: the provider id, the configuration class Keycloak reads
 * the profile's settings into, the settings of an executor a profile lists without any ({@code null}), and the
 * session it serves.
 *
 * @param <C> the executor's configuration
 */
public abstract class ConfiguredExecutor<C extends ClientPolicyExecutorConfigurationRepresentation>
        implements ClientPolicyExecutorProvider<C> {

    private final String providerId;
    private final Class<C> configurationClass;
    private final Supplier<C> defaults;

    /** The session the executor was created for; {@code null} for an executor that needs none. */
    protected final KeycloakSession session;

    /** The settings in force: the defaults until Keycloak sets up the profile's. */
    protected C configuration;

    /**
     * An executor that needs no session.
     *
     * @param providerId         the factory's provider id
     * @param configurationClass the class Keycloak reads the profile's settings into
     * @param defaults           the settings before and without a profile's
     */
    protected ConfiguredExecutor(String providerId, Class<C> configurationClass, Supplier<C> defaults) {
        this(providerId, configurationClass, defaults, null);
    }

    /**
     * @param providerId         the factory's provider id
     * @param configurationClass the class Keycloak reads the profile's settings into
     * @param defaults           the settings before and without a profile's
     * @param session            the session the executor serves
     */
    protected ConfiguredExecutor(String providerId, Class<C> configurationClass, Supplier<C> defaults,
            KeycloakSession session) {
        this.providerId = providerId;
        this.configurationClass = configurationClass;
        this.defaults = defaults;
        this.session = session;
        this.configuration = defaults.get();
    }

    @Override
    public String getProviderId() {
        return providerId;
    }

    @Override
    public Class<C> getExecutorConfigurationClass() {
        return configurationClass;
    }

    @Override
    public void setupConfiguration(C config) {
        this.configuration = config == null ? defaults.get() : config;
    }
}
