package dev.fapikit.ciba.usercode;

import java.util.Map;

import dev.fapikit.policies.metadata.BundleInfo;
import org.keycloak.credential.CredentialProvider;
import org.keycloak.credential.CredentialProviderFactory;
import org.keycloak.models.KeycloakSession;
import org.keycloak.provider.ServerInfoAwareProviderFactory;

/** The CIBA {@code user_code} credential (CIBA Core 1.0 §7.1), stored hashed like a password. */
public final class UserCodeCredentialProviderFactory implements CredentialProviderFactory<UserCodeCredentialProvider>, ServerInfoAwareProviderFactory {

    public static final String PROVIDER_ID = "fapi-kit-ciba-user-code";

    @Override
    public CredentialProvider create(KeycloakSession session) {
        return new UserCodeCredentialProvider(session);
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
