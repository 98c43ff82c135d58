package dev.fapikit.core.outbound;

import org.keycloak.provider.Provider;
import org.keycloak.provider.ProviderFactory;
import org.keycloak.provider.Spi;

/** The {@value #NAME} SPI: the one outbound (SSRF) guard every FAPI Kit module calls through. */
public final class OutboundSpi implements Spi {

    public static final String NAME = "fapi-kit-outbound";

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
        return OutboundProvider.class;
    }

    @Override
    public Class<? extends ProviderFactory> getProviderFactoryClass() {
        return OutboundProviderFactory.class;
    }
}
