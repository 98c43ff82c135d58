package dev.fapikit.core.outbound;

import dev.fapikit.core.spi.FapiKitSpi;

import org.keycloak.models.KeycloakSession;
import org.keycloak.provider.Provider;

/** The server's outbound guard and pinned HTTP client ({@value OutboundSpi#NAME} SPI). */
public interface OutboundProvider extends Provider {

    OutboundGuard guard();

    OutboundHttp http();

    /** Pooled requests whose connections go only to addresses the server-wide guard checked when they were opened. */
    PinnedPoster poster();

    /** The provider of the session; every FAPI Kit module reaches the guard this way. */
    static OutboundProvider of(KeycloakSession session) {
        return FapiKitSpi.provider(session, OutboundProvider.class, OutboundSpi.NAME);
    }

    @Override
    default void close() {
    }
}
