package dev.fapikit.ciba.delivery;

import java.net.InetAddress;
import java.util.Set;

import dev.fapikit.core.outbound.OutboundGuard;

/**
 * The outbound guard of CIBA notifications and webhooks: FAPI Kit's one {@link OutboundGuard} (module
 * {@code fapi-client-policies}), with the server's {@code fapi-kit-outbound} allow-list plus this module's
 * {@code webhook-allowed-hosts}.
 */
public final class OutboundUrlGuard extends OutboundGuard {

    public OutboundUrlGuard(Set<String> allowedHosts, Resolver resolver) {
        super(allowedHosts, resolver);
    }

    public OutboundUrlGuard(Set<String> allowedHosts) {
        super(allowedHosts);
    }

    static boolean isInternal(InetAddress address) {
        return isNonPublic(address);
    }
}
