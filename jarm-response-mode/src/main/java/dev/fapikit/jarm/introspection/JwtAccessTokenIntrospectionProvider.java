package dev.fapikit.jarm.introspection;

import jakarta.ws.rs.core.Response;

import org.keycloak.events.EventBuilder;
import org.keycloak.models.KeycloakSession;
import org.keycloak.protocol.oidc.AccessTokenIntrospectionProvider;
import org.keycloak.representations.AccessToken;

/** Keycloak's access token introspection, answered as an RFC 9701 JWT when the client asks for one. */
final class JwtAccessTokenIntrospectionProvider extends AccessTokenIntrospectionProvider<AccessToken> {

    JwtAccessTokenIntrospectionProvider(KeycloakSession session) {
        super(session);
    }

    @Override
    public Response introspect(String token, EventBuilder eventBuilder) {
        return new JwtIntrospectionResponder(session).respond(super.introspect(token, eventBuilder), eventBuilder);
    }
}
