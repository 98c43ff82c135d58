package dev.fapikit.core.metadata;

import dev.fapikit.core.spi.FapiKitSpi;

/** The {@value #NAME} SPI: contributions of FAPI Kit modules to the realm metadata documents. */
public final class MetadataContributorSpi extends FapiKitSpi {

    public static final String NAME = "fapi-kit-metadata";

    public MetadataContributorSpi() {
        super(NAME, MetadataContributor.class, MetadataContributorFactory.class);
    }
}
