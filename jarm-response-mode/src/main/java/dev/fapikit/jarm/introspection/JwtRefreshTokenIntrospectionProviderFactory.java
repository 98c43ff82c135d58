package dev.fapikit.jarm.introspection;

import java.util.Map;

import org.keycloak.models.KeycloakSession;
import org.keycloak.protocol.oidc.RefreshTokenIntrospectionProviderFactory;
import org.keycloak.protocol.oidc.TokenIntrospectionProvider;
import org.keycloak.provider.ServerInfoAwareProviderFactory;

import dev.fapikit.core.metadata.BundleInfo;

/**
 * Replaces Keycloak's {@code refresh_token} introspection provider (selected by {@code token_type_hint=refresh_token})
 * so that RFC 9701 JWT responses do not depend on the hint.
 */
public class JwtRefreshTokenIntrospectionProviderFactory extends RefreshTokenIntrospectionProviderFactory implements ServerInfoAwareProviderFactory {

    @Override
    public TokenIntrospectionProvider create(KeycloakSession session) {
        return new JwtRefreshTokenIntrospectionProvider(session);
    }

    @Override
    public Map<String, String> getOperationalInfo() {
        return BundleInfo.of(getClass());
    }
}
