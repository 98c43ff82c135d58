package dev.fapikit.core.outbound;

import dev.fapikit.core.spi.FapiKitSpi;

/** The {@value #NAME} SPI: the one outbound (SSRF) guard every FAPI Kit module calls through. */
public final class OutboundSpi extends FapiKitSpi {

    public static final String NAME = "fapi-kit-outbound";

    public OutboundSpi() {
        super(NAME, OutboundProvider.class, OutboundProviderFactory.class);
    }
}
