package dev.fapikit.ciba.delivery;

import dev.fapikit.core.spi.FapiKitSpi;

/**
 * The {@value #NAME} SPI: FAPI Kit's outbound HTTP for CIBA, one provider per server. It sends the client
 * notifications (CIBA Core 1.0 §10.2 ping, §10.3 push, §12 push errors) and holds the HTTP clients, TLS context,
 * thread pools and URL guards that the notification webhook uses too. Its options are
 * {@code --spi-fapi-kit-ciba-delivery--default--*} ({@link DeliverySettings}).
 */
public final class CibaDeliverySpi extends FapiKitSpi {

    public static final String NAME = "fapi-kit-ciba-delivery";

    public CibaDeliverySpi() {
        super(NAME, CibaDelivery.class, CibaDeliveryProviderFactory.class);
    }
}
