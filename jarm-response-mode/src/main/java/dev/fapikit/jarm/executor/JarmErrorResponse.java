package dev.fapikit.jarm.executor;

import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.keycloak.OAuth2Constants;
import org.keycloak.models.KeycloakSession;
import org.keycloak.protocol.oidc.utils.OIDCRedirectUriBuilder;
import org.keycloak.protocol.oidc.utils.OIDCResponseMode;
import org.keycloak.services.ErrorPageException;

/** An authorization error response delivered as a JARM JWT (JARM §4.1) by an executor. */
final class JarmErrorResponse {

    private JarmErrorResponse() {
    }

    /**
     * The error as a JWT in {@code mode}, thrown so that it reaches the client as it is: Keycloak's authorization
     * endpoint would deliver a {@code ClientPolicyException} in the response mode the client asked for, which is the
     * plain mode being refused.
     */
    static ErrorPageException of(KeycloakSession session, String redirectUri, OIDCResponseMode mode, String state,
            String error, String description) {
        // JARM §4.1: iss, aud and exp are claims of the JWT itself; no RFC 9207 iss parameter is added beside them
        OIDCRedirectUriBuilder builder = OIDCRedirectUriBuilder.fromUri(redirectUri, mode, session, null)
                .addParam(OAuth2Constants.ERROR, error)
                .addParam(OAuth2Constants.ERROR_DESCRIPTION, description);
        if (state != null) {
            builder.addParam(OAuth2Constants.STATE, state);
        }
        Response response = builder.build();
        // The server returns a WebApplicationException's own response only when it has an entity; a redirect gets one
        return new ErrorPageException(response.hasEntity() ? response
                : Response.fromResponse(response).type(MediaType.TEXT_PLAIN_TYPE).entity("Redirecting to the client").build());
    }
}
