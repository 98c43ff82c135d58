package dev.fapikit.policies.condition;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

import org.keycloak.models.ClientModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.representations.idm.ClientRepresentation;
import org.keycloak.services.clientpolicy.ClientPolicyContext;
import org.keycloak.services.clientpolicy.ClientPolicyVote;
import org.keycloak.services.clientpolicy.context.ClientCRUDContext;
import org.keycloak.services.clientpolicy.context.PreAuthorizationRequestContext;

/**
 * The client a policy decision is about, as conditions see it: the proposed representation when a client is registered
 * or updated, the stored client otherwise.
 *
 * @param publicClient       whether the client has no credentials
 * @param authenticatorType  its {@code clientAuthenticatorType} (e.g. {@code client-jwt})
 * @param attributes         its attributes
 */
record PolicyClient(boolean publicClient, String authenticatorType, Map<String, String> attributes) {

    static PolicyClient of(ClientRepresentation rep) {
        return new PolicyClient(Boolean.TRUE.equals(rep.isPublicClient()), rep.getClientAuthenticatorType(),
                rep.getAttributes() == null ? Map.of() : rep.getAttributes());
    }

    static PolicyClient of(ClientModel client) {
        return new PolicyClient(client.isPublicClient(), client.getClientAuthenticatorType(), client.getAttributes());
    }

    /**
     * @return on REGISTER the proposed representation; on UPDATE the proposed representation and the stored client (a
     *         condition holds for a client that is or is about to become what it selects); otherwise the client of the
     *         request. Empty when the request names no known client.
     */
    static List<PolicyClient> of(KeycloakSession session, ClientPolicyContext context, ContextClient contextClient) {
        List<PolicyClient> clients = new ArrayList<>();
        switch (context.getEvent()) {
            case REGISTER, UPDATE -> {
                ClientCRUDContext crud = (ClientCRUDContext) context;
                Optional.ofNullable(crud.getProposedClientRepresentation()).map(PolicyClient::of).ifPresent(clients::add);
                Optional.ofNullable(crud.getTargetClient()).map(PolicyClient::of).ifPresent(clients::add);
            }
            case PRE_AUTHORIZATION_REQUEST -> Optional.ofNullable(session.getContext().getRealm()
                    .getClientByClientId(((PreAuthorizationRequestContext) context).getClientId()))
                    .map(PolicyClient::of).ifPresent(clients::add);
            default -> Optional.ofNullable(contextClient.of(context, session.getContext().getClient()))
                    .map(PolicyClient::of).ifPresent(clients::add);
        }
        return clients;
    }

    /** @return YES if one of {@code clients} matches, NO if none does, ABSTAIN without a client */
    static ClientPolicyVote vote(List<PolicyClient> clients, Predicate<PolicyClient> matches) {
        if (clients.isEmpty()) {
            return ClientPolicyVote.ABSTAIN;
        }
        return clients.stream().anyMatch(matches) ? ClientPolicyVote.YES : ClientPolicyVote.NO;
    }
}
