package dev.fapikit.mtls.registration;

import java.util.Map;

import org.keycloak.models.KeycloakSession;
import org.keycloak.provider.ServerInfoAwareProviderFactory;
import org.keycloak.services.clientregistration.ClientRegistrationProvider;
import org.keycloak.services.clientregistration.oidc.OIDCClientRegistrationProviderFactory;

import dev.fapikit.policies.metadata.BundleInfo;

/**
 * Replaces Keycloak's {@code openid-connect} client registration provider (same id; a provider outside
 * {@code org.keycloak} wins) with one that also accepts the RFC 8705 §2.1.2 SAN metadata.
 */
public class SanAwareOidcClientRegistrationProviderFactory extends OIDCClientRegistrationProviderFactory
        implements ServerInfoAwareProviderFactory {

    @Override
    public ClientRegistrationProvider create(KeycloakSession session) {
        return new SanAwareOidcClientRegistrationProvider(session);
    }

    @Override
    public Map<String, String> getOperationalInfo() {
        return BundleInfo.of(getClass());
    }
}
