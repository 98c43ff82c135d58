package dev.fapikit.policies.condition;

import org.keycloak.models.CibaConfig;
import org.keycloak.models.KeycloakSession;
import org.keycloak.representations.idm.ClientPolicyConditionConfigurationRepresentation;
import org.keycloak.services.clientpolicy.ClientPolicyContext;
import org.keycloak.services.clientpolicy.ClientPolicyVote;
import org.keycloak.services.clientpolicy.condition.AbstractClientPolicyConditionProvider;

/** Holds for clients with the CIBA grant enabled, and for every CIBA request. */
final class CibaClientCondition extends AbstractClientPolicyConditionProvider<ClientPolicyConditionConfigurationRepresentation> {

    private final ContextClient contextClient;

    CibaClientCondition(KeycloakSession session, ContextClient contextClient) {
        super(session);
        this.contextClient = contextClient;
    }

    @Override
    public String getProviderId() {
        return CibaClientConditionFactory.PROVIDER_ID;
    }

    @Override
    public ClientPolicyVote applyPolicy(ClientPolicyContext context) {
        return switch (context.getEvent()) {
            case BACKCHANNEL_AUTHENTICATION_REQUEST, BACKCHANNEL_TOKEN_REQUEST, BACKCHANNEL_TOKEN_RESPONSE -> ClientPolicyVote.YES;
            default -> PolicyClient.vote(PolicyClient.of(session, context, contextClient), CibaClientCondition::isCibaClient);
        };
    }

    /** CIBA Core §4: a client registered for the CIBA grant ({@code backchannel_token_delivery_mode} set, grant enabled). */
    static boolean isCibaClient(PolicyClient client) {
        return Boolean.parseBoolean(client.attributes().get(CibaConfig.OIDC_CIBA_GRANT_ENABLED));
    }
}
