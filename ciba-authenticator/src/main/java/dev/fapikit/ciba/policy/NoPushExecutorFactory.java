package dev.fapikit.ciba.policy;

import java.util.List;

import org.keycloak.models.KeycloakSession;
import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.services.clientpolicy.executor.ClientPolicyExecutorProvider;

import dev.fapikit.core.policy.ExecutorFactorySupport;

/** Creates the {@value #PROVIDER_ID} executor; belongs in every FAPI-CIBA client profile. */
public final class NoPushExecutorFactory extends ExecutorFactorySupport {

    public static final String PROVIDER_ID = "fapi-kit-ciba-no-push";

    @Override
    public ClientPolicyExecutorProvider create(KeycloakSession session) {
        return new NoPushExecutor();
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
}
