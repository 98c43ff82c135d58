package dev.fapikit.ciba.delivery;

import org.keycloak.provider.Provider;
import org.keycloak.provider.ProviderFactory;
import org.keycloak.provider.Spi;

/**
 * The {@value #NAME} SPI: FAPI Kit's outbound HTTP for CIBA, one provider per server. It sends the client
 * notifications (CIBA Core 1.0 §10.2 ping, §10.3 push, §12 push errors) and holds the HTTP clients, TLS context,
 * thread pools and URL guards that the notification webhook and client registration use too. Its options are
 * {@code --spi-fapi-kit-ciba-delivery--default--*} ({@link DeliverySettings}).
 */
public final class CibaDeliverySpi implements Spi {

    public static final String NAME = "fapi-kit-ciba-delivery";

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
        return CibaDelivery.class;
    }

    @Override
    public Class<? extends ProviderFactory> getProviderFactoryClass() {
        return CibaDeliveryProviderFactory.class;
    }
}
