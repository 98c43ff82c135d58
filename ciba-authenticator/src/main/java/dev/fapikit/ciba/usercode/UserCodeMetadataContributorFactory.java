package dev.fapikit.ciba.usercode;

import java.util.Map;

import dev.fapikit.core.metadata.MetadataContributor;
import dev.fapikit.core.metadata.MetadataContributorFactory;
import dev.fapikit.core.metadata.SimpleProviderFactory;
import org.keycloak.common.Profile;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;

/** CIBA Core 1.0 §4: advertises {@code backchannel_user_code_parameter_supported: true}. */
public final class UserCodeMetadataContributorFactory extends SimpleProviderFactory<MetadataContributor>
        implements MetadataContributorFactory {

    public static final String PROVIDER_ID = "fapi-kit-ciba-user-code";

    public UserCodeMetadataContributorFactory() {
        super(PROVIDER_ID, session -> UserCodeMetadataContributorFactory::advertise);
    }

    static void advertise(KeycloakSession session, RealmModel realm, Map<String, Object> metadata) {
        if (Profile.isFeatureEnabled(Profile.Feature.CIBA)) {
            metadata.put("backchannel_user_code_parameter_supported", true);
        }
    }
}
