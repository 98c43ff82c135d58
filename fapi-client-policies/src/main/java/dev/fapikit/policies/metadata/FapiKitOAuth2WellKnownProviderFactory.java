package dev.fapikit.policies.metadata;

import org.keycloak.protocol.oauth2.OAuth2WellKnownProviderFactory;

/**
 * Serves RFC 8414 {@code /.well-known/oauth-authorization-server} with the same FAPI Kit corrections as
 * {@link FapiKitOidcWellKnownProviderFactory}.
 */
public class FapiKitOAuth2WellKnownProviderFactory extends FapiKitOidcWellKnownProviderFactory {

    public static final String PROVIDER_ID = "fapi-kit-oauth-authorization-server";

    @Override
    public String getId() {
        return PROVIDER_ID;
    }

    @Override
    public String getAlias() {
        return OAuth2WellKnownProviderFactory.PROVIDER_ID;
    }

    @Override
    public boolean isAvailableViaServerMetadata() {
        return true;
    }
}
