package dev.fapikit.ciba.registration;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

import dev.fapikit.core.metadata.MetadataContributor;
import dev.fapikit.core.metadata.MetadataContributorFactory;
import dev.fapikit.core.metadata.SimpleProviderFactory;
import org.keycloak.common.Profile;
import org.keycloak.models.CibaConfig;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;

/** CIBA Core 1.0 §4: lists {@code push} in {@code backchannel_token_delivery_modes_supported}. */
public final class PushMetadataContributorFactory extends SimpleProviderFactory<MetadataContributor>
        implements MetadataContributorFactory {

    public static final String PROVIDER_ID = "fapi-kit-ciba-push";
    static final String MODES = "backchannel_token_delivery_modes_supported";

    public PushMetadataContributorFactory() {
        super(PROVIDER_ID, session -> PushMetadataContributorFactory::addPushMode);
    }

    static void addPushMode(KeycloakSession session, RealmModel realm, Map<String, Object> metadata) {
        if (!Profile.isFeatureEnabled(Profile.Feature.CIBA)) return;
        List<Object> modes = new ArrayList<>();
        if (metadata.get(MODES) instanceof Collection<?> listed) modes.addAll(listed);
        if (!modes.contains(CibaConfig.CIBA_PUSH_MODE)) modes.add(CibaConfig.CIBA_PUSH_MODE);
        metadata.put(MODES, modes);
    }
}
