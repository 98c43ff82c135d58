package dev.fapikit.core.metadata;

import org.keycloak.provider.Provider;
import org.keycloak.provider.ProviderFactory;
import org.keycloak.provider.Spi;

/** The {@value #NAME} SPI: client metadata FAPI Kit modules add to dynamic client registration. */
public final class RegistrationMetadataSpi implements Spi {

    public static final String NAME = "fapi-kit-registration-metadata";

    @Override
    public boolean isInternal() {
        return false;
    }

    @Override
    public String getName() {
        return NAME;
    }

    @Override
    public Class<? extends Provider> getProviderClass() {
        return RegistrationMetadata.class;
    }

    @Override
    public Class<? extends ProviderFactory> getProviderFactoryClass() {
        return RegistrationMetadataFactory.class;
    }
}
