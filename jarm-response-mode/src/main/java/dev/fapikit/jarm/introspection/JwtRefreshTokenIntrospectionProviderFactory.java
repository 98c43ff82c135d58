package dev.fapikit.jarm.introspection;

import org.keycloak.models.KeycloakSession;
import org.keycloak.protocol.oidc.RefreshTokenIntrospectionProviderFactory;
import org.keycloak.protocol.oidc.TokenIntrospectionProvider;

import dev.fapikit.core.metadata.BundleReportingFactory;

/**
 * Replaces Keycloak's {@code refresh_token} introspection provider (selected by {@code token_type_hint=refresh_token})
 * so that RFC 9701 JWT responses do not depend on the hint.
 */
public class JwtRefreshTokenIntrospectionProviderFactory extends RefreshTokenIntrospectionProviderFactory implements BundleReportingFactory {

    @Override
    public TokenIntrospectionProvider create(KeycloakSession session) {
        return new JwtRefreshTokenIntrospectionProvider(session);
    }
}
