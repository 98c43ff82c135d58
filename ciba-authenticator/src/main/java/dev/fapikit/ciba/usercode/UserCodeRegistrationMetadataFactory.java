package dev.fapikit.ciba.usercode;

import java.util.Map;

import org.keycloak.models.KeycloakSession;
import org.keycloak.provider.ServerInfoAwareProviderFactory;

import dev.fapikit.core.metadata.BundleInfo;
import dev.fapikit.core.metadata.RegistrationMetadata;
import dev.fapikit.core.metadata.RegistrationMetadataFactory;

/** {@value #PROVIDER_ID}: CIBA Core 1.0 §4 {@code backchannel_user_code_parameter} in dynamic client registration. */
public final class UserCodeRegistrationMetadataFactory implements RegistrationMetadataFactory, ServerInfoAwareProviderFactory {

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

    @Override
    public Map<String, String> getOperationalInfo() {
        return BundleInfo.of(getClass());
    }
}
