package dev.fapikit.ciba.delivery;

import org.keycloak.provider.ProviderFactory;

/** Factory of the {@value CibaDeliverySpi#NAME} SPI. */
public interface CibaDeliveryProviderFactory extends ProviderFactory<CibaDelivery> {
}
