package dev.fapikit.policies.discovery;

import java.util.Map;

import dev.fapikit.core.metadata.BundleInfo;
import dev.fapikit.core.metadata.MetadataContributor;
import dev.fapikit.core.metadata.MetadataContributorFactory;

import org.keycloak.models.KeycloakSession;
import org.keycloak.provider.ServerInfoAwareProviderFactory;

/** Creates the {@value #PROVIDER_ID} metadata contributor. */
public class SigningAlgorithmsMetadataContributorFactory implements MetadataContributorFactory, ServerInfoAwareProviderFactory {

    public static final String PROVIDER_ID = "fapi-kit-signing-algorithms";

    /** Last: other modules add signing lists (e.g. introspection_signing_alg_values_supported) that this one narrows. */
    static final int ORDER = 1000;

    @Override
    public MetadataContributor create(KeycloakSession session) {
        return new SigningAlgorithmsMetadataContributor();
    }

    @Override
    public String getId() {
        return PROVIDER_ID;
    }

    @Override
    public int order() {
        return ORDER;
    }

    @Override
    public Map<String, String> getOperationalInfo() {
        return BundleInfo.of(getClass());
    }
}
