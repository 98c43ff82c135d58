package dev.fapikit.policies.confidential;

import dev.fapikit.core.registration.MetadataRefusal;
import org.keycloak.representations.idm.ClientPolicyExecutorConfigurationRepresentation;
import org.keycloak.representations.idm.ClientRepresentation;
import org.keycloak.services.clientpolicy.ClientPolicyContext;
import org.keycloak.services.clientpolicy.ClientPolicyException;
import org.keycloak.services.clientpolicy.context.ClientCRUDContext;
import org.keycloak.services.clientpolicy.executor.ClientPolicyExecutorProvider;

/**
 * FAPI 1.0 Part 2 §5.2.2-14 / FAPI 2.0 SP §5.3.2.1: only confidential clients. Keycloak's {@code confidential-client}
 * executor refuses a public client's requests; this one refuses creating or turning a client public in the first place,
 * so a realm's policies cannot be escaped by registering a public client they don't match.
 */
final class ConfidentialClientRegistrationExecutor implements ClientPolicyExecutorProvider<ClientPolicyExecutorConfigurationRepresentation> {

    static final String MESSAGE = "FAPI allows confidential clients only: register token_endpoint_auth_method private_key_jwt, "
            + "tls_client_auth or self_signed_tls_client_auth, not none";

    @Override
    public String getProviderId() {
        return ConfidentialClientRegistrationExecutorFactory.PROVIDER_ID;
    }

    @Override
    public void executeOnEvent(ClientPolicyContext context) throws ClientPolicyException {
        switch (context.getEvent()) {
            case REGISTER, UPDATE -> {
                ClientRepresentation rep = ((ClientCRUDContext) context).getProposedClientRepresentation();
                if (rep != null && Boolean.TRUE.equals(rep.isPublicClient())) {
                    throw new MetadataRefusal(MESSAGE);
                }
            }
            default -> {
            }
        }
    }
}
