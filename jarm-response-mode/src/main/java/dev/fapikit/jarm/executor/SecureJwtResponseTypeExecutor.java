package dev.fapikit.jarm.executor;

import org.keycloak.models.KeycloakSession;
import org.keycloak.protocol.oidc.endpoints.request.AuthorizationEndpointRequest;
import org.keycloak.protocol.oidc.utils.OIDCResponseType;
import org.keycloak.services.clientpolicy.ClientPolicyException;
import org.keycloak.services.clientpolicy.executor.SecureResponseTypeExecutor;

/**
 * Keycloak's {@code secure-response-type}, where {@code response_type=code} passes with any JARM response mode.
 * Keycloak's compares the mode with {@code jwt} only and refuses {@code query.jwt}, {@code fragment.jwt} and
 * {@code form_post.jwt}.
 */
final class SecureJwtResponseTypeExecutor extends SecureResponseTypeExecutor {

    SecureJwtResponseTypeExecutor(KeycloakSession session) {
        super(session);
    }

    @Override
    public String getProviderId() {
        return SecureJwtResponseTypeExecutorFactory.PROVIDER_ID;
    }

    @Override
    public void executeOnAuthorizationRequest(OIDCResponseType parsedResponseType, AuthorizationEndpointRequest request,
            String redirectUri) throws ClientPolicyException {
        // FAPI 1.0 Advanced §5.2.2-2: code id_token, or code with JARM in any of its response modes (JARM §2.3)
        if (parsedResponseType.hasSingleResponseType(OIDCResponseType.CODE) && JarmResponseModes.isJwt(request.getResponseMode())) {
            return;
        }
        super.executeOnAuthorizationRequest(parsedResponseType, request, redirectUri);
    }
}
