package dev.fapikit.jarm.executor;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

import org.keycloak.OAuthErrorException;
import org.keycloak.models.ClientModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.representations.idm.ClientRepresentation;
import org.keycloak.services.clientpolicy.ClientPolicyContext;
import org.keycloak.services.clientpolicy.ClientPolicyException;
import org.keycloak.services.clientpolicy.context.ClientCRUDContext;
import org.keycloak.services.clientpolicy.context.PreAuthorizationRequestContext;

import dev.fapikit.jarm.JoseAlgorithms;

/**
 * JARM §3 encryption metadata: {@code enc} defaults to {@code A128CBC-HS256} when only {@code alg} is set (Keycloak
 * would otherwise send the response signed but not encrypted), and inconsistent metadata is refused.
 */
final class JarmEncryptionExecutor extends AutoConfiguringExecutor {

    JarmEncryptionExecutor(KeycloakSession session) {
        super(JarmEncryptionExecutorFactory.PROVIDER_ID, JarmEncryptionExecutorFactory.DEFAULT_AUTO_CONFIGURE, session);
    }

    @Override
    public void executeOnEvent(ClientPolicyContext context) throws ClientPolicyException {
        switch (context.getEvent()) {
            case REGISTER, UPDATE -> checkClient(((ClientCRUDContext) context).getProposedClientRepresentation());
            case PRE_AUTHORIZATION_REQUEST -> checkStoredClient(((PreAuthorizationRequestContext) context).getClientId());
            default -> {
            }
        }
    }

    private void checkClient(ClientRepresentation client) throws ClientPolicyException {
        Map<String, String> attributes = Optional.ofNullable(client.getAttributes()).orElseGet(HashMap::new);
        if (autoConfigure() && JarmEncryptionMetadata.lacksDefaultEnc(attributes)) {
            attributes.put(JarmEncryptionMetadata.ENC, JarmEncryptionExecutorFactory.DEFAULT_ENC);
            client.setAttributes(attributes);
        }
        Optional<String> problem = JarmEncryptionMetadata.problem(attributes,
                JoseAlgorithms.keyManagement(session), JoseAlgorithms.contentEncryption(session));
        if (problem.isPresent()) {
            throw new ClientPolicyException(OAuthErrorException.INVALID_CLIENT_METADATA, "Invalid client metadata: " + problem.get());
        }
    }

    // Clients that never passed REGISTER/UPDATE under this policy (realm import, policy added later) must not get
    // their JARM responses unencrypted, errors from Keycloak's own request checks included.
    private void checkStoredClient(String clientId) throws ClientPolicyException {
        ClientModel client = clientId == null ? null : session.getContext().getRealm().getClientByClientId(clientId);
        if (client == null || !JarmEncryptionMetadata.lacksDefaultEnc(client.getAttributes())) {
            return;
        }
        if (!autoConfigure()) {
            throw new ClientPolicyException(OAuthErrorException.INVALID_REQUEST,
                    "The client's JARM encryption is incomplete: authorization_encrypted_response_enc is missing");
        }
        client.setAttribute(JarmEncryptionMetadata.ENC, JarmEncryptionExecutorFactory.DEFAULT_ENC);
    }
}
