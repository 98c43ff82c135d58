package dev.fapikit.policies.discovery;

import dev.fapikit.core.metadata.MetadataContributor;
import dev.fapikit.core.metadata.MetadataContributorFactory;
import dev.fapikit.core.metadata.ProviderFactorySupport;

import org.keycloak.models.KeycloakSession;

/** Creates the {@value #PROVIDER_ID} metadata contributor. */
public class SigningAlgorithmsMetadataContributorFactory extends ProviderFactorySupport<MetadataContributor>
        implements MetadataContributorFactory {

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
}
