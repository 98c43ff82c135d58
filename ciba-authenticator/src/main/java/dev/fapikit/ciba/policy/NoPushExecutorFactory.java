package dev.fapikit.ciba.policy;

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

/** Creates the {@value #PROVIDER_ID} executor; belongs in every FAPI-CIBA client profile. */
public final class NoPushExecutorFactory implements ClientPolicyExecutorProviderFactory, ServerInfoAwareProviderFactory {

    public static final String PROVIDER_ID = "fapi-kit-ciba-no-push";

    @Override
    public ClientPolicyExecutorProvider create(KeycloakSession session) {
        return new NoPushExecutor();
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
        return "Refuses the CIBA push token delivery mode, as FAPI-CIBA requires: a client cannot be registered or updated "
                + "(admin console, admin API, dynamic registration) with backchannel_token_delivery_mode push, and a push "
                + "client's backchannel authentication request is refused with unauthorized_client.";
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
