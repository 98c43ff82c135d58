package dev.fapikit.policies.confidential;

import java.util.List;
import java.util.Map;

import dev.fapikit.core.metadata.BundleInfo;
import org.keycloak.Config;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.provider.ServerInfoAwareProviderFactory;
import org.keycloak.services.clientpolicy.executor.ClientPolicyExecutorProvider;
import org.keycloak.services.clientpolicy.executor.ClientPolicyExecutorProviderFactory;

/** Creates the {@value #PROVIDER_ID} executor, for a policy over client registration in a FAPI realm. */
public final class ConfidentialClientRegistrationExecutorFactory implements ClientPolicyExecutorProviderFactory,
        ServerInfoAwareProviderFactory {

    public static final String PROVIDER_ID = "fapi-kit-confidential-client-registration";

    @Override
    public ClientPolicyExecutorProvider create(KeycloakSession session) {
        return new ConfidentialClientRegistrationExecutor();
    }

    @Override
    public void init(Config.Scope config) {
    }

    @Override
    public void postInit(KeycloakSessionFactory factory) {
    }

    @Override
    public void close() {
    }

    @Override
    public String getId() {
        return PROVIDER_ID;
    }

    @Override
    public String getHelpText() {
        return "Refuses creating a public client, or making a client public, through the admin console, admin API or "
                + "dynamic registration (invalid_client_metadata). FAPI has confidential clients only. Use it in a policy "
                + "whose condition matches registrations (e.g. 'client-updater-context'), because a policy limited to "
                + "confidential clients never sees a public one.";
    }

    @Override
    public List<ProviderConfigProperty> getConfigProperties() {
        return List.of();
    }

    @Override
    public Map<String, String> getOperationalInfo() {
        return BundleInfo.of(getClass());
    }
}
