package dev.fapikit.ciba.policy;

import dev.fapikit.core.registration.MetadataRefusal;
import org.keycloak.OAuthErrorException;
import org.keycloak.models.CibaConfig;
import org.keycloak.models.ClientModel;
import org.keycloak.representations.idm.ClientPolicyExecutorConfigurationRepresentation;
import org.keycloak.representations.idm.ClientRepresentation;
import org.keycloak.protocol.oidc.grants.ciba.clientpolicy.context.BackchannelAuthenticationRequestContext;
import org.keycloak.services.clientpolicy.ClientPolicyContext;
import org.keycloak.services.clientpolicy.ClientPolicyException;
import org.keycloak.services.clientpolicy.context.ClientCRUDContext;
import org.keycloak.services.clientpolicy.executor.ClientPolicyExecutorProvider;

/**
 * FAPI-CIBA Security Profile §5.2.2 (items 3 and 4): the authorization server supports only the poll and ping modes, so a
 * client under this profile may neither register for push nor send a request in push mode.
 */
final class NoPushExecutor implements ClientPolicyExecutorProvider<ClientPolicyExecutorConfigurationRepresentation> {

    static final String MESSAGE = "FAPI-CIBA (§5.2.2) does not allow the CIBA push mode; register backchannel_token_delivery_mode poll or ping";

    @Override
    public String getProviderId() {
        return NoPushExecutorFactory.PROVIDER_ID;
    }

    @Override
    public void executeOnEvent(ClientPolicyContext context) throws ClientPolicyException {
        switch (context.getEvent()) {
            case REGISTER, UPDATE -> {
                ClientRepresentation rep = ((ClientCRUDContext) context).getProposedClientRepresentation();
                if (rep != null && rep.getAttributes() != null
                        && CibaConfig.CIBA_PUSH_MODE.equals(rep.getAttributes().get(CibaConfig.CIBA_BACKCHANNEL_TOKEN_DELIVERY_MODE_PER_CLIENT))) {
                    throw new MetadataRefusal(MESSAGE);
                }
            }
            case BACKCHANNEL_AUTHENTICATION_REQUEST -> {
                ClientModel client = ((BackchannelAuthenticationRequestContext) context).getParsedRequest().getClient();
                if (CibaConfig.CIBA_PUSH_MODE.equals(client.getRealm().getCibaPolicy().getBackchannelTokenDeliveryMode(client))) {
                    throw new ClientPolicyException(OAuthErrorException.UNAUTHORIZED_CLIENT, MESSAGE);
                }
            }
            default -> {
            }
        }
    }
}
