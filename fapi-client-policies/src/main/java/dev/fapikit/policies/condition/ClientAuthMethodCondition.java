package dev.fapikit.policies.condition;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonProperty;

import org.keycloak.models.KeycloakSession;
import org.keycloak.representations.idm.ClientPolicyConditionConfigurationRepresentation;
import org.keycloak.services.clientpolicy.ClientPolicyContext;
import org.keycloak.services.clientpolicy.ClientPolicyVote;
import org.keycloak.services.clientpolicy.condition.AbstractClientPolicyConditionProvider;

/** Holds for confidential clients using one of the configured client authenticators. */
final class ClientAuthMethodCondition extends AbstractClientPolicyConditionProvider<ClientAuthMethodCondition.Configuration> {

    private final ContextClient contextClient;

    ClientAuthMethodCondition(KeycloakSession session, ContextClient contextClient) {
        super(session);
        this.contextClient = contextClient;
    }

    /** Settings of one {@value ClientAuthMethodConditionFactory#PROVIDER_ID} condition in a client policy. */
    public static class Configuration extends ClientPolicyConditionConfigurationRepresentation {

        @JsonProperty(ClientAuthMethodConditionFactory.CLIENT_AUTHENTICATORS)
        private List<String> clientAuthenticators;

        public List<String> clientAuthenticators() {
            return clientAuthenticators == null ? List.of() : clientAuthenticators;
        }

        public void setClientAuthenticators(List<String> clientAuthenticators) {
            this.clientAuthenticators = clientAuthenticators;
        }
    }

    @Override
    public Class<Configuration> getConditionConfigurationClass() {
        return Configuration.class;
    }

    @Override
    public String getProviderId() {
        return ClientAuthMethodConditionFactory.PROVIDER_ID;
    }

    @Override
    public ClientPolicyVote applyPolicy(ClientPolicyContext context) {
        return PolicyClient.vote(PolicyClient.of(session, context, contextClient), client -> matches(client, configuration.clientAuthenticators()));
    }

    static boolean matches(PolicyClient client, List<String> authenticators) {
        return !client.publicClient() && client.authenticatorType() != null && authenticators.contains(client.authenticatorType());
    }
}
