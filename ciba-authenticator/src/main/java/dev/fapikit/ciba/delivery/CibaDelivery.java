package dev.fapikit.ciba.delivery;

import dev.fapikit.core.spi.FapiKitSpi;
import org.keycloak.models.KeycloakSession;
import org.keycloak.provider.Provider;

/** CIBA's outbound HTTP ({@value CibaDeliverySpi#NAME} SPI), reached through the session like any Keycloak provider. */
public interface CibaDelivery extends Provider {

    /** Sends CIBA ping and push notifications to client notification endpoints, once, after commit. */
    NotificationDelivery clientNotifications();

    /** The HTTP client and guard of the realm's notification webhook. */
    WebhookOutbound webhook();

    /** The session's provider; it is part of this module, so it is always there. */
    static CibaDelivery of(KeycloakSession session) {
        return FapiKitSpi.provider(session, CibaDelivery.class, CibaDeliverySpi.NAME);
    }
}
