package dev.fapikit.core.metadata;

import dev.fapikit.core.jose.UniqueClaimNames;

import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.protocol.oidc.OIDCWellKnownProviderFactory;
import org.keycloak.wellknown.WellKnownProvider;

/**
 * Serves {@code /.well-known/openid-configuration} (OpenID Connect Discovery 1.0 §4) as Keycloak computes it, corrected
 * and extended by the FAPI Kit {@link MetadataContributor}s. Keycloak's own options of the
 * {@code openid-configuration} provider ({@code openid-configuration-override}, {@code include-client-scopes}) work
 * unchanged on this provider's id.
 */
public class FapiKitOidcWellKnownProviderFactory extends OIDCWellKnownProviderFactory implements BundleReportingFactory {

    public static final String PROVIDER_ID = "fapi-kit-openid-configuration";
    /** Lower than Keycloak's 100: the lowest priority serves the alias. */
    static final int PRIORITY = 10;

    private final String id;
    private final String alias;

    public FapiKitOidcWellKnownProviderFactory() {
        this(PROVIDER_ID, OIDCWellKnownProviderFactory.PROVIDER_ID);
    }

    /**
     * @param id    the provider id
     * @param alias the Keycloak well-known provider whose document this one serves in its place
     */
    protected FapiKitOidcWellKnownProviderFactory(String id, String alias) {
        this.id = id;
        this.alias = alias;
    }

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
        return id;
    }

    @Override
    public String getAlias() {
        return alias;
    }

    @Override
    public int getPriority() {
        return PRIORITY;
    }
}
