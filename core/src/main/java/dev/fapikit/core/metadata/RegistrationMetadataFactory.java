package dev.fapikit.core.metadata;

import org.keycloak.Config;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.provider.ProviderFactory;

/** Factory of a {@link RegistrationMetadata}. */
public interface RegistrationMetadataFactory extends ProviderFactory<RegistrationMetadata> {

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
