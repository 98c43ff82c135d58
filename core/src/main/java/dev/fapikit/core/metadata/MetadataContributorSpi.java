package dev.fapikit.core.metadata;

import org.keycloak.provider.Provider;
import org.keycloak.provider.ProviderFactory;
import org.keycloak.provider.Spi;

/** The {@value #NAME} SPI: contributions of FAPI Kit modules to the realm metadata documents. */
public final class MetadataContributorSpi implements Spi {

    public static final String NAME = "fapi-kit-metadata";

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
        return MetadataContributor.class;
    }

    @Override
    public Class<? extends ProviderFactory> getProviderFactoryClass() {
        return MetadataContributorFactory.class;
    }
}
