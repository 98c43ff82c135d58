package dev.fapikit.jarm.metadata;

import org.keycloak.models.KeycloakSession;

import dev.fapikit.core.metadata.MetadataContributor;
import dev.fapikit.core.metadata.MetadataContributorFactory;
import dev.fapikit.core.metadata.ProviderFactorySupport;

/** {@value #PROVIDER_ID}: adds the RFC 9701 §7 keys to the realm's metadata documents. */
public class IntrospectionMetadataContributorFactory extends ProviderFactorySupport<MetadataContributor>
        implements MetadataContributorFactory {

    public static final String PROVIDER_ID = "fapi-kit-introspection-metadata";

    @Override
    public MetadataContributor create(KeycloakSession session) {
        return new IntrospectionMetadataContributor();
    }

    @Override
    public String getId() {
        return PROVIDER_ID;
    }
}
