package dev.fapikit.policies.rar;

import dev.fapikit.core.metadata.RegistrationMetadata;
import dev.fapikit.core.metadata.RegistrationMetadataFactory;
import dev.fapikit.core.metadata.SimpleProviderFactory;
import dev.fapikit.core.rar.RarSupport;

/** {@value #PROVIDER_ID}: RFC 9396 §10 {@code authorization_details_types} in dynamic client registration. */
public final class AuthorizationDetailsTypesMetadataFactory extends SimpleProviderFactory<RegistrationMetadata>
        implements RegistrationMetadataFactory {

    public static final String PROVIDER_ID = "fapi-kit-authorization-details-types";

    public AuthorizationDetailsTypesMetadataFactory() {
        super(PROVIDER_ID, session -> new AuthorizationDetailsTypesMetadata(RarSupport.supportedTypes(session)));
    }
}
