package dev.fapikit.jarm.introspection;

import jakarta.ws.rs.core.Response;

import org.keycloak.events.EventBuilder;
import org.keycloak.models.KeycloakSession;
import org.keycloak.protocol.oidc.RefreshTokenIntrospectionProvider;

/** Keycloak's refresh token introspection, answered as an RFC 9701 JWT when the client asks for one. */
final class JwtRefreshTokenIntrospectionProvider extends RefreshTokenIntrospectionProvider {

    JwtRefreshTokenIntrospectionProvider(KeycloakSession session) {
        super(session);
    }

    @Override
    public Response introspect(String token, EventBuilder eventBuilder) {
        return new JwtIntrospectionResponder(session).respond(super.introspect(token, eventBuilder), eventBuilder);
    }
}
