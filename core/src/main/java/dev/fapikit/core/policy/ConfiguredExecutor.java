package dev.fapikit.core.policy;

import java.util.function.Supplier;

import org.keycloak.representations.idm.ClientPolicyExecutorConfigurationRepresentation;
import org.keycloak.services.clientpolicy.executor.ClientPolicyExecutorProvider;

/**
 * A client-policy executor with a configuration of its own: the provider id, the configuration class Keycloak reads
 * the profile's settings into, and the settings of an executor a profile lists without any ({@code null}).
 *
 * @param <C> the executor's configuration
 */
public abstract class ConfiguredExecutor<C extends ClientPolicyExecutorConfigurationRepresentation>
        implements ClientPolicyExecutorProvider<C> {

    private final String providerId;
    private final Class<C> configurationClass;
    private final Supplier<C> defaults;

    /** The settings in force: the defaults until Keycloak sets up the profile's. */
    protected C configuration;

    /**
     * @param providerId         the factory's provider id
     * @param configurationClass the class Keycloak reads the profile's settings into
     * @param defaults           the settings before and without a profile's
     */
    protected ConfiguredExecutor(String providerId, Class<C> configurationClass, Supplier<C> defaults) {
        this.providerId = providerId;
        this.configurationClass = configurationClass;
        this.defaults = defaults;
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
