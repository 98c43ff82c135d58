package dev.fapikit.policies.discovery;

import dev.fapikit.core.metadata.MetadataContributor;
import dev.fapikit.core.metadata.MetadataContributorFactory;
import dev.fapikit.core.metadata.SimpleProviderFactory;

/** Creates the {@value #PROVIDER_ID} metadata contributor. */
public class SigningAlgorithmsMetadataContributorFactory extends SimpleProviderFactory<MetadataContributor>
        implements MetadataContributorFactory {

    public static final String PROVIDER_ID = "fapi-kit-signing-algorithms";

    /** Last: other modules add signing lists (e.g. introspection_signing_alg_values_supported) that this one narrows. */
    static final int ORDER = 1000;

    public SigningAlgorithmsMetadataContributorFactory() {
        super(PROVIDER_ID, session -> new SigningAlgorithmsMetadataContributor());
    }

    @Override
    public int order() {
        return ORDER;
    }
}
