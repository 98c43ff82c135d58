package dev.fapikit.ciba.usercode;

import java.util.Map;

import dev.fapikit.core.metadata.BundleInfo;
import dev.fapikit.core.metadata.MetadataContributor;
import dev.fapikit.core.metadata.MetadataContributorFactory;
import org.keycloak.common.Profile;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.provider.ServerInfoAwareProviderFactory;

/** CIBA Core 1.0 §4: advertises {@code backchannel_user_code_parameter_supported: true}. */
public final class UserCodeMetadataContributorFactory implements MetadataContributorFactory, MetadataContributor, ServerInfoAwareProviderFactory {

    public static final String PROVIDER_ID = "fapi-kit-ciba-user-code";

    @Override
    public void contribute(KeycloakSession session, RealmModel realm, Map<String, Object> metadata) {
        if (Profile.isFeatureEnabled(Profile.Feature.CIBA)) {
            metadata.put("backchannel_user_code_parameter_supported", true);
        }
    }

    @Override
    public MetadataContributor create(KeycloakSession session) {
        return this;
    }

    @Override
    public void close() {
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
