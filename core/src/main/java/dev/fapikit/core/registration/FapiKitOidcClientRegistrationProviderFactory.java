package dev.fapikit.core.registration;

import java.util.Map;

import org.keycloak.models.KeycloakSession;
import org.keycloak.provider.ServerInfoAwareProviderFactory;
import org.keycloak.services.clientregistration.ClientRegistrationProvider;
import org.keycloak.services.clientregistration.oidc.OIDCClientRegistrationProviderFactory;

import dev.fapikit.core.metadata.BundleInfo;

/**
 * Replaces Keycloak's {@code openid-connect} client registration provider (same id; a provider outside
 * {@code org.keycloak} wins) with one that also accepts the client metadata FAPI Kit modules add
 * ({@link dev.fapikit.core.metadata.RegistrationMetadata}: RFC 8705 §2.1.2 SAN values, RFC 9701 §6 introspection).
 */
public class FapiKitOidcClientRegistrationProviderFactory extends OIDCClientRegistrationProviderFactory
        implements ServerInfoAwareProviderFactory {

    /** How this Keycloak version's registration provider is called; chosen once (26.4 / 26.5+). */
    private final KeycloakRegistrationCalls calls = KeycloakRegistrationCalls.forRuntime();

    @Override
    public ClientRegistrationProvider create(KeycloakSession session) {
        return new FapiKitOidcClientRegistrationProvider(session, calls);
    }

    @Override
    public Map<String, String> getOperationalInfo() {
        return BundleInfo.of(getClass());
    }
}
