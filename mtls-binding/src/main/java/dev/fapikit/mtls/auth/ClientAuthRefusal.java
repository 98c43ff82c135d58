package dev.fapikit.mtls.auth;

import jakarta.ws.rs.core.Response;

import org.keycloak.OAuthErrorException;
import org.keycloak.authentication.AuthenticationFlowError;
import org.keycloak.authentication.ClientAuthenticationFlowContext;
import org.keycloak.authentication.authenticators.client.ClientAuthUtil;
import org.keycloak.events.Details;

/** RFC 6749 §5.2: a client whose mutual-TLS authentication fails gets {@code invalid_client} (401) and an event. */
final class ClientAuthRefusal {

    private ClientAuthRefusal() {
    }

    static void refuse(ClientAuthenticationFlowContext context, String description) {
        context.getEvent().detail(Details.REASON, description);
        context.failure(AuthenticationFlowError.INVALID_CLIENT_CREDENTIALS,
                ClientAuthUtil.errorResponse(Response.Status.UNAUTHORIZED.getStatusCode(), OAuthErrorException.INVALID_CLIENT,
                        description));
    }
}
