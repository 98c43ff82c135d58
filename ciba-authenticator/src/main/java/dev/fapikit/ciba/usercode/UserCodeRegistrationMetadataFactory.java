package dev.fapikit.ciba.usercode;

import org.keycloak.models.KeycloakSession;

import dev.fapikit.core.metadata.ProviderFactorySupport;
import dev.fapikit.core.metadata.RegistrationMetadata;
import dev.fapikit.core.metadata.RegistrationMetadataFactory;

/** {@value #PROVIDER_ID}: CIBA Core 1.0 §4 {@code backchannel_user_code_parameter} in dynamic client registration. */
public final class UserCodeRegistrationMetadataFactory extends ProviderFactorySupport<RegistrationMetadata>
        implements RegistrationMetadataFactory {

    public static final String PROVIDER_ID = "fapi-kit-ciba-user-code-registration";

    private static final RegistrationMetadata METADATA = new UserCodeRegistrationMetadata();

    @Override
    public RegistrationMetadata create(KeycloakSession session) {
        return METADATA;
    }

    @Override
    public String getId() {
        return PROVIDER_ID;
    }
}
