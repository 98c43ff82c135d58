package dev.fapikit.ciba.delivery;

import dev.fapikit.core.outbound.PinnedPoster;

/**
 * The outbound side of the realm's notification webhook (an admin's URL).
 *
 * @param poster the HTTP client, connecting only where {@code guard} allows
 * @param guard  server-wide allow-list plus {@code webhook-allowed-hosts}
 */
public record WebhookOutbound(PinnedPoster poster, OutboundUrlGuard guard) {
}
