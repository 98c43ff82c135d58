package dev.fapikit.jarm.metadata;

import java.util.Map;

import org.keycloak.models.KeycloakSession;
import org.keycloak.provider.ServerInfoAwareProviderFactory;

import dev.fapikit.core.metadata.BundleInfo;
import dev.fapikit.core.metadata.MetadataContributor;
import dev.fapikit.core.metadata.MetadataContributorFactory;

/** {@value #PROVIDER_ID}: adds the RFC 9701 §7 keys to the realm's metadata documents. */
public class IntrospectionMetadataContributorFactory implements MetadataContributorFactory, ServerInfoAwareProviderFactory {

    public static final String PROVIDER_ID = "fapi-kit-introspection-metadata";

    @Override
    public MetadataContributor create(KeycloakSession session) {
        return new IntrospectionMetadataContributor();
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
