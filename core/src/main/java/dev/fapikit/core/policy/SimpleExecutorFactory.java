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
 * options; the concrete factory adds its help text.
 */
public abstract class SimpleExecutorFactory extends SimpleProviderFactory<ClientPolicyExecutorProvider>
        implements ClientPolicyExecutorProviderFactory {

    private final List<ProviderConfigProperty> configProperties;

    /**
     * @param id               the provider id
     * @param executor         creates the executor for a session
     * @param configProperties the options of the executor in a client profile
     */
    protected SimpleExecutorFactory(String id, Function<KeycloakSession, ClientPolicyExecutorProvider> executor,
            List<ProviderConfigProperty> configProperties) {
        super(id, executor);
        this.configProperties = configProperties;
    }

    @Override
    public List<ProviderConfigProperty> getConfigProperties() {
        return configProperties;
    }
}
