package dev.fapikit.core.metadata;

import dev.fapikit.core.spi.FapiKitSpi;

/** The {@value #NAME} SPI: client metadata FAPI Kit modules add to dynamic client registration. */
public final class RegistrationMetadataSpi extends FapiKitSpi {

    public static final String NAME = "fapi-kit-registration-metadata";

    public RegistrationMetadataSpi() {
        super(NAME, RegistrationMetadata.class, RegistrationMetadataFactory.class);
    }
}
