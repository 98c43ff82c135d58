package dev.fapikit.core.metadata;

import org.keycloak.Config;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.provider.ProviderFactory;

/** Factory of a {@link MetadataContributor}; contributors run in ascending {@link #order()}. */
public interface MetadataContributorFactory extends ProviderFactory<MetadataContributor> {

    @Override
    default void init(Config.Scope config) {
    }

    @Override
    default void postInit(KeycloakSessionFactory factory) {
    }

    @Override
    default void close() {
    }
}
