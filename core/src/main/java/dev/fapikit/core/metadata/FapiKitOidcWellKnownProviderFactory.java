package dev.fapikit.core.metadata;

import java.util.Map;

import dev.fapikit.core.jose.UniqueClaimNames;

import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.provider.ServerInfoAwareProviderFactory;
import org.keycloak.protocol.oidc.OIDCWellKnownProviderFactory;
import org.keycloak.wellknown.WellKnownProvider;

/**
 * Serves {@code /.well-known/openid-configuration} (OpenID Connect Discovery 1.0 §4) as Keycloak computes it, corrected
 * and extended by the FAPI Kit {@link MetadataContributor}s. Keycloak's own options of the
 * {@code openid-configuration} provider ({@code openid-configuration-override}, {@code include-client-scopes}) work
 * unchanged on this provider's id.
 */
public class FapiKitOidcWellKnownProviderFactory extends OIDCWellKnownProviderFactory implements ServerInfoAwareProviderFactory {

    public static final String PROVIDER_ID = "fapi-kit-openid-configuration";
    /** Lower than Keycloak's 100: the lowest priority serves the alias. */
    static final int PRIORITY = 10;

    @Override
    public WellKnownProvider create(KeycloakSession session) {
        return new ContributedWellKnownProvider(session, super.create(session));
    }

    @Override
    public void postInit(KeycloakSessionFactory factory) {
        super.postInit(factory);
        // RFC 7519 §4 for every JWT Keycloak writes (JARM's duplicate iss, claims shadowed through otherClaims), with
        // or without a client policy: installed by the core, which every FAPI Kit module requires
        UniqueClaimNames.install();
    }

    @Override
    public String getId() {
        return PROVIDER_ID;
    }

    @Override
    public String getAlias() {
        return OIDCWellKnownProviderFactory.PROVIDER_ID;
    }

    @Override
    public int getPriority() {
        return PRIORITY;
    }

    @Override
    public Map<String, String> getOperationalInfo() {
        return BundleInfo.of(getClass());
    }
}
