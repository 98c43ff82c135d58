package dev.fapikit.jarm.introspection;

import org.keycloak.models.KeycloakSession;
import org.keycloak.protocol.oidc.AccessTokenIntrospectionProviderFactory;
import org.keycloak.protocol.oidc.TokenIntrospectionProvider;

import dev.fapikit.core.metadata.BundleReportingFactory;

/**
 * Replaces Keycloak's {@code access_token} introspection provider (same id, a package outside {@code org.keycloak}
 * wins the tie) with one that also answers RFC 9701 JWT responses.
 */
public class JwtAccessTokenIntrospectionProviderFactory extends AccessTokenIntrospectionProviderFactory implements BundleReportingFactory {

    @Override
    public TokenIntrospectionProvider create(KeycloakSession session) {
        return new JwtAccessTokenIntrospectionProvider(session);
    }
}
