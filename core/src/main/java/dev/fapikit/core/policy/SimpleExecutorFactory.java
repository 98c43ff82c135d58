package dev.fapikit.core.policy;

import java.util.List;
import java.util.function.Function;

import org.keycloak.models.KeycloakSession;
import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.services.clientpolicy.executor.ClientPolicyExecutorProvider;
import org.keycloak.services.clientpolicy.executor.ClientPolicyExecutorProviderFactory;

import dev.fapikit.core.metadata.SimpleProviderFactory;

/**
 * A client-policy executor factory that creates its executors from the session alone and lists fixed per-profile
 * options (see {@link ProfileOptions}) under a fixed help text.
 */
public abstract class SimpleExecutorFactory extends SimpleProviderFactory<ClientPolicyExecutorProvider>
        implements ClientPolicyExecutorProviderFactory {

    private final List<ProviderConfigProperty> configProperties;
    private final String helpText;

    /**
     * @param id       the provider id
     * @param executor creates the executor for a session
     * @param helpText what the executor does, for the admin console
     * @param options  the options of the executor in a client profile
     */
    protected SimpleExecutorFactory(String id, Function<KeycloakSession, ClientPolicyExecutorProvider> executor,
            String helpText, ProviderConfigProperty... options) {
        super(id, executor);
        this.configProperties = List.of(options);
        this.helpText = helpText;
    }

    /**
     * A factory that overrides {@link #getHelpText()}.
     *
     * @param id               the provider id
     * @param executor         creates the executor for a session
     * @param configProperties the options of the executor in a client profile
     */
    protected SimpleExecutorFactory(String id, Function<KeycloakSession, ClientPolicyExecutorProvider> executor,
            List<ProviderConfigProperty> configProperties) {
        this(id, executor, null, configProperties.toArray(ProviderConfigProperty[]::new));
    }

    @Override
    public String getHelpText() {
        return helpText;
    }

    @Override
    public List<ProviderConfigProperty> getConfigProperties() {
        return configProperties;
    }
}
