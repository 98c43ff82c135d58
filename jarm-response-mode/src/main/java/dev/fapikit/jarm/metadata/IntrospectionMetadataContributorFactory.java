package dev.fapikit.jarm.metadata;

import dev.fapikit.core.metadata.MetadataContributor;
import dev.fapikit.core.metadata.MetadataContributorFactory;
import dev.fapikit.core.metadata.SimpleProviderFactory;

/** {@value #PROVIDER_ID}: adds the RFC 9701 §7 keys to the realm's metadata documents. */
public class IntrospectionMetadataContributorFactory extends SimpleProviderFactory<MetadataContributor>
        implements MetadataContributorFactory {

    public static final String PROVIDER_ID = "fapi-kit-introspection-metadata";

    public IntrospectionMetadataContributorFactory() {
        super(PROVIDER_ID, session -> new IntrospectionMetadataContributor());
    }
}
