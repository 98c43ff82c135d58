package dev.fapikit.jarm.introspection;

import jakarta.ws.rs.core.Response;

import org.keycloak.events.EventBuilder;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.UserSessionModel;
import org.keycloak.protocol.oidc.AccessTokenIntrospectionProvider;
import org.keycloak.representations.AccessToken;

/**
 * Keycloak's access token introspection, answered as an RFC 9701 JWT when the client asks for one, and naming the
 * token's authorization details (RFC 9396 §9.2).
 */
final class JwtAccessTokenIntrospectionProvider extends AccessTokenIntrospectionProvider<AccessToken> {

    JwtAccessTokenIntrospectionProvider(KeycloakSession session) {
        super(session);
    }

    @Override
    public Response introspect(String token, EventBuilder eventBuilder) {
        return new JwtIntrospectionResponder(session).respond(super.introspect(token, eventBuilder), eventBuilder);
    }

    @Override
    public AccessToken transformAccessToken(AccessToken token, UserSessionModel userSession) {
        AccessToken response = super.transformAccessToken(token, userSession);
        if (IntrospectedDetails.AVAILABLE && token != null && response != null) {
            IntrospectedDetails.copy(token, response);
        }
        return response;
    }
}
