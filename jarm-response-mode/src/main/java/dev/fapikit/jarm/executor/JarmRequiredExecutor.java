package dev.fapikit.jarm.executor;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

import org.keycloak.OAuthErrorException;
import org.keycloak.events.Details;
import org.keycloak.events.Errors;
import org.keycloak.events.EventBuilder;
import org.keycloak.events.EventType;
import org.keycloak.models.ClientModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.protocol.oidc.OIDCConfigAttributes;
import org.keycloak.protocol.oidc.endpoints.request.AuthorizationEndpointRequest;
import org.keycloak.protocol.oidc.par.clientpolicy.context.PushedAuthorizationRequestContext;
import org.keycloak.protocol.oidc.utils.OIDCResponseType;
import org.keycloak.representations.idm.ClientRepresentation;
import org.keycloak.services.clientpolicy.ClientPolicyContext;
import org.keycloak.services.clientpolicy.ClientPolicyException;
import org.keycloak.services.clientpolicy.context.AuthorizationRequestContext;
import org.keycloak.services.clientpolicy.context.ClientCRUDContext;
import org.keycloak.services.clientpolicy.context.PreAuthorizationRequestContext;

/** Authorization responses only in a JARM response mode (FAPI 2.0 Message Signing §5.4, JARM §2.3). */
final class JarmRequiredExecutor extends AutoConfiguringExecutor {

    static final String REFUSAL = "response_mode must be one of jwt, query.jwt, fragment.jwt, form_post.jwt: "
            + "this client receives authorization responses only as JARM JWTs";

    JarmRequiredExecutor(KeycloakSession session) {
        super(JarmRequiredExecutorFactory.PROVIDER_ID, JarmRequiredExecutorFactory.DEFAULT_AUTO_CONFIGURE, session);
    }

    @Override
    public void executeOnEvent(ClientPolicyContext context) throws ClientPolicyException {
        switch (context.getEvent()) {
            case REGISTER, UPDATE -> checkClient(((ClientCRUDContext) context).getProposedClientRepresentation());
            case PUSHED_AUTHORIZATION_REQUEST -> checkPushedRequest(((PushedAuthorizationRequestContext) context).getRequest());
            case PRE_AUTHORIZATION_REQUEST -> excludeIssuerParameter(((PreAuthorizationRequestContext) context).getClientId());
            case AUTHORIZATION_REQUEST -> checkAuthorizationRequest((AuthorizationRequestContext) context);
            default -> {
            }
        }
    }

    // JARM §4.1 and RFC 9207 §2.4: the issuer travels as the JWT's iss claim. Keycloak adds the RFC 9207 iss
    // parameter as a second iss member to the JWT unless the client excludes it; all this client's responses are JWTs.
    private void checkClient(ClientRepresentation client) throws ClientPolicyException {
        Map<String, String> attributes = Optional.ofNullable(client.getAttributes()).orElseGet(HashMap::new);
        if (autoConfigure()) {
            attributes.put(OIDCConfigAttributes.EXCLUDE_ISSUER_FROM_AUTH_RESPONSE, Boolean.TRUE.toString());
            client.setAttributes(attributes);
        }
        if (!Boolean.parseBoolean(attributes.get(OIDCConfigAttributes.EXCLUDE_ISSUER_FROM_AUTH_RESPONSE))) {
            throw new ClientPolicyException(OAuthErrorException.INVALID_CLIENT_METADATA, "Invalid client metadata: "
                    + OIDCConfigAttributes.EXCLUDE_ISSUER_FROM_AUTH_RESPONSE + " must be true for a JARM-only client, "
                    + "whose issuer is the iss claim of each JARM response");
        }
    }

    private void checkPushedRequest(AuthorizationEndpointRequest request) throws ClientPolicyException {
        if (!JarmResponseModes.isJwt(request.getResponseMode())) {
            throw new ClientPolicyException(OAuthErrorException.INVALID_REQUEST, REFUSAL);
        }
    }

    private void checkAuthorizationRequest(AuthorizationRequestContext context) {
        AuthorizationEndpointRequest request = context.getAuthorizationEndpointRequest();
        if (JarmResponseModes.isJwt(request.getResponseMode())) {
            return;
        }
        ClientModel client = context.getAuthenticationSession().getClient(); // Keycloak 26.4 and 26.5+ alike
        new EventBuilder(client.getRealm(), session, session.getContext().getConnection())
                .event(EventType.LOGIN)
                .client(client)
                .detail(Details.REDIRECT_URI, context.getRedirectUri())
                .detail(Details.RESPONSE_MODE, request.getResponseMode())
                .detail(Details.REASON, Details.CLIENT_POLICY_ERROR)
                .detail(Details.CLIENT_POLICY_ERROR, OAuthErrorException.INVALID_REQUEST)
                .detail(Details.CLIENT_POLICY_ERROR_DETAIL, REFUSAL)
                .error(Errors.INVALID_REQUEST);
        // FAPI 2.0 Message Signing §5.4: the refusal is an authorization response too, so it goes out as JARM (§4.1)
        throw JarmErrorResponse.of(session, context.getRedirectUri(),
                JarmResponseModes.jwtCounterpart(request.getResponseMode(), OIDCResponseType.parse(request.getResponseType())),
                request.getState(), OAuthErrorException.INVALID_REQUEST, REFUSAL);
    }

    // Clients that never passed REGISTER/UPDATE under this policy (realm import, policy added later), configured before
    // Keycloak checks the request: its refusals (invalid_scope, ...) are JARM responses of this client too
    private void excludeIssuerParameter(String clientId) {
        ClientModel client = clientId == null ? null : session.getContext().getRealm().getClientByClientId(clientId);
        if (client != null && autoConfigure()
                && !Boolean.parseBoolean(client.getAttribute(OIDCConfigAttributes.EXCLUDE_ISSUER_FROM_AUTH_RESPONSE))) {
            client.setAttribute(OIDCConfigAttributes.EXCLUDE_ISSUER_FROM_AUTH_RESPONSE, Boolean.TRUE.toString());
        }
    }
}
