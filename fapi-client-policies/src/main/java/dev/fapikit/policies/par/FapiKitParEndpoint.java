package dev.fapikit.policies.par;

import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;

import org.keycloak.OAuthErrorException;
import org.keycloak.events.EventBuilder;
import org.keycloak.models.KeycloakSession;
import org.keycloak.protocol.oidc.par.endpoints.ParEndpoint;
import org.keycloak.protocol.oidc.utils.AuthorizeClientUtil;
import org.keycloak.representations.idm.OAuth2ErrorRepresentation;

/** Keycloak's PAR endpoint, answering a failed client authentication as the token endpoint does. */
final class FapiKitParEndpoint extends ParEndpoint {

    FapiKitParEndpoint(KeycloakSession session, EventBuilder event) {
        super(session, event);
    }

    /**
     * RFC 9126 §2.3 and RFC 6749 §5.2: a pushed authorization request whose client authentication fails is answered
     * {@code invalid_client} (HTTP 401), exactly as at the token endpoint; Keycloak's PAR endpoint would re-label it
     * {@code invalid_request}.
     */
    @Override
    protected void authorizeClient() {
        try {
            client = AuthorizeClientUtil.authorizeClient(session, event, cors).getClient();
        } catch (WebApplicationException e) {
            Response r = e.getResponse();
            if (r.getEntity() instanceof OAuth2ErrorRepresentation error
                    && OAuthErrorException.INVALID_CLIENT.equals(error.getError()) && r.getStatus() != 401) {
                throw new WebApplicationException(Response.fromResponse(r).status(Response.Status.UNAUTHORIZED).build());
            }
            // Keycloak 26.4: client-jwt ends some refusals (a client assertion whose iss is another client) with no
            // flow status; the authentication processor then answers unauthorized_client (400, "Unexpected error when
            // authenticating client"). It is still a failed client authentication: RFC 6749 §5.2 invalid_client.
            if (r.getEntity() instanceof OAuth2ErrorRepresentation error
                    && OAuthErrorException.UNAUTHORIZED_CLIENT.equals(error.getError()) && r.getStatus() == 400) {
                throw new WebApplicationException(Response.fromResponse(r).status(Response.Status.UNAUTHORIZED)
                        .entity(new OAuth2ErrorRepresentation(OAuthErrorException.INVALID_CLIENT, "Client authentication failed"))
                        .build());
            }
            throw e;
        }
        event.client(client);
    }
}
