package dev.fapikit.policies.par;

import java.util.List;

import org.keycloak.models.KeycloakSession;
import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.services.clientpolicy.executor.ClientPolicyExecutorProvider;

import dev.fapikit.core.policy.ExecutorFactorySupport;

/** Creates the {@value #PROVIDER_ID} executor. */
public class ParClientBindingExecutorFactory extends ExecutorFactorySupport {

    public static final String PROVIDER_ID = "fapi-kit-par-client-binding";

    /** How this Keycloak version stores pushed requests; chosen once (26.4 / 26.5+). */
    private final PushedRequestStore pushedRequests = PushedRequestStore.forRuntime();

    @Override
    public ClientPolicyExecutorProvider create(KeycloakSession session) {
        return new ParClientBindingExecutor(session, pushedRequests);
    }

    @Override
    public String getId() {
        return PROVIDER_ID;
    }

    @Override
    public String getHelpText() {
        return "RFC 9126 section 4: a request_uri from the pushed authorization request endpoint is accepted at the "
                + "authorization endpoint only from the client that pushed it; another client's request_uri, or an "
                + "unknown, expired or already used one, is refused with invalid_request_uri. The pushed request stays "
                + "usable by its own client. Place it before secure-par-content in a profile.";
    }

    @Override
    public List<ProviderConfigProperty> getConfigProperties() {
        return List.of();
    }
}
