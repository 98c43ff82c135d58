package dev.fapikit.core.metadata;

import org.keycloak.protocol.oauth2.OAuth2WellKnownProviderFactory;

/**
 * Serves RFC 8414 {@code /.well-known/oauth-authorization-server} with the same FAPI Kit corrections as
 * {@link FapiKitOidcWellKnownProviderFactory}.
 */
public class FapiKitOAuth2WellKnownProviderFactory extends FapiKitOidcWellKnownProviderFactory {

    public static final String PROVIDER_ID = "fapi-kit-oauth-authorization-server";

    public FapiKitOAuth2WellKnownProviderFactory() {
        super(PROVIDER_ID, OAuth2WellKnownProviderFactory.PROVIDER_ID);
    }

    // Keycloak 26.5+ (WellKnownProviderFactory.isAvailableViaServerMetadata); no @Override so that the same source
    // builds against 26.4, where the method does not exist and is never called.
    public boolean isAvailableViaServerMetadata() {
        return true;
    }
}
