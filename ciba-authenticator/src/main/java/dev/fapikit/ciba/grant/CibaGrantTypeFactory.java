package dev.fapikit.ciba.grant;

import org.keycloak.Config;
import org.keycloak.OAuth2Constants;
import org.keycloak.common.Profile;
import org.keycloak.models.KeycloakSession;
import org.keycloak.protocol.oidc.grants.OAuth2GrantType;
import org.keycloak.protocol.oidc.grants.OAuth2GrantTypeFactory;
import org.keycloak.provider.EnvironmentDependentProviderFactory;

import dev.fapikit.core.metadata.ProviderFactorySupport;

/**
 * Same-id override of Keycloak's {@code oauth2-grant-type} provider {@value #PROVIDER_ID} (the CIBA grant, CIBA Core
 * 1.0 §10.1). Wins over the built-in by the non-{@code org.keycloak} package at equal order.
 */
public final class CibaGrantTypeFactory extends ProviderFactorySupport<OAuth2GrantType>
        implements OAuth2GrantTypeFactory, EnvironmentDependentProviderFactory {

    public static final String PROVIDER_ID = OAuth2Constants.CIBA_GRANT_TYPE;

    /** Keycloak's shortcut for this grant in session notes; kept so existing sessions read the same. */
    static final String SHORTCUT = "ci";

    @Override
    public OAuth2GrantType create(KeycloakSession session) {
        return new FapiKitCibaGrantType();
    }

    @Override
    public String getShortcut() {
        return SHORTCUT;
    }

    @Override
    public boolean isSupported(Config.Scope config) {
        return Profile.isFeatureEnabled(Profile.Feature.CIBA);
    }

    @Override
    public String getId() {
        return PROVIDER_ID;
    }
}
