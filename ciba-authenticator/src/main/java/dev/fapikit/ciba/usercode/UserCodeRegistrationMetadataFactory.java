package dev.fapikit.ciba.usercode;


import dev.fapikit.core.metadata.SimpleProviderFactory;
import dev.fapikit.core.metadata.RegistrationMetadata;
import dev.fapikit.core.metadata.RegistrationMetadataFactory;

/** {@value #PROVIDER_ID}: CIBA Core 1.0 §4 {@code backchannel_user_code_parameter} in dynamic client registration. */
public final class UserCodeRegistrationMetadataFactory extends SimpleProviderFactory<RegistrationMetadata>
        implements RegistrationMetadataFactory {

    public static final String PROVIDER_ID = "fapi-kit-ciba-user-code-registration";

    /**
     * Client attribute {@code "true"}: CIBA Core §4 {@code backchannel_user_code_parameter}, the client sends the user's
     * user_code with every request.
     */
    public static final String CLIENT_ATTR_USER_CODE = "fapi-kit-ciba-user-code";

    public UserCodeRegistrationMetadataFactory() {
        super(PROVIDER_ID, session -> new UserCodeRegistrationMetadata());
    }
}
