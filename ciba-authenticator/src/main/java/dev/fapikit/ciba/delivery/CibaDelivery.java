package dev.fapikit.ciba.delivery;

import dev.fapikit.core.outbound.PinnedPoster;
import dev.fapikit.core.spi.FapiKitSpi;
import org.keycloak.models.KeycloakSession;
import org.keycloak.provider.Provider;

/** CIBA's outbound HTTP ({@value CibaDeliverySpi#NAME} SPI), reached through the session like any Keycloak provider. */
public interface CibaDelivery extends Provider {

    /** Sends CIBA ping and push notifications to client notification endpoints, once, after commit. */
    NotificationDelivery clientNotifications();

    /** The HTTP client of the realm's notification webhook, connecting only where {@link #webhookGuard()} allows. */
    PinnedPoster webhookPoster();

    /** The guard of the realm's webhook (an admin's URL): server-wide allow-list plus {@code webhook-allowed-hosts}. */
    OutboundUrlGuard webhookGuard();

    /**
     * The guard of the URLs clients register (ping and push notification endpoints): the server-wide
     * {@code fapi-kit-outbound} allow-list only, never the webhook's extra hosts (issue 16 review F1).
     */
    OutboundUrlGuard clientEndpointGuard();

    /** The session's provider; it is part of this module, so it is always there. */
    static CibaDelivery of(KeycloakSession session) {
        return FapiKitSpi.provider(session, CibaDelivery.class, CibaDeliverySpi.NAME);
    }

    @Override
    default void close() {
    }
}
