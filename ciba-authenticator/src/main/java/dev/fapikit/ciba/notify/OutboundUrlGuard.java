package dev.fapikit.ciba.notify;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.Set;

/**
 * Refuses outbound targets that would let a realm administrator or a client reach the server's own network (SSRF):
 * loopback, private (RFC 1918, RFC 4193), link-local (RFC 3927, RFC 4291 §2.5.6, cloud metadata), CGNAT (RFC 6598),
 * unspecified and multicast addresses, unless the host is on the server's allow-list. Only https, or http for an
 * allow-listed host (development).
 */
public final class OutboundUrlGuard {

    /** Resolves a host name; replaceable in tests. */
    public interface Resolver {
        InetAddress[] resolve(String host) throws UnknownHostException;
    }

    private final Set<String> allowedHosts;
    private final Resolver resolver;

    public OutboundUrlGuard(Set<String> allowedHosts, Resolver resolver) {
        this.allowedHosts = allowedHosts.stream().map(h -> h.toLowerCase(Locale.ROOT)).collect(java.util.stream.Collectors.toUnmodifiableSet());
        this.resolver = resolver;
    }

    public OutboundUrlGuard(Set<String> allowedHosts) {
        this(allowedHosts, InetAddress::getAllByName);
    }

    /** Returns the URI when it may be called, else throws {@link RefusedException} naming the reason. */
    public URI check(String url) {
        return check(url, true);
    }

    /**
     * The check at registration: as {@link #check(String)}, but a host that does not resolve yet is accepted (its DNS
     * may follow the registration); each delivery checks again.
     */
    public URI checkRegistration(String url) {
        return check(url, false);
    }

    private URI check(String url, boolean mustResolve) {
        URI uri;
        try {
            uri = URI.create(url);
        } catch (IllegalArgumentException e) {
            throw new RefusedException("not a valid URL");
        }
        String host = uri.getHost();
        if (host == null || uri.getRawUserInfo() != null) {
            throw new RefusedException("the URL needs a host and no user information");
        }
        String normalized = host.toLowerCase(Locale.ROOT);
        if (normalized.startsWith("[") && normalized.endsWith("]")) normalized = normalized.substring(1, normalized.length() - 1);
        boolean allowListed = allowedHosts.contains(normalized);
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("https") && !(scheme.equals("http") && allowListed)) {
            throw new RefusedException("only https URLs are allowed");
        }
        if (allowListed) return uri;
        InetAddress[] addresses;
        try {
            addresses = resolver.resolve(normalized);
        } catch (UnknownHostException e) {
            if (!mustResolve) return uri;
            throw new RefusedException("host " + host + " does not resolve");
        }
        for (InetAddress address : addresses) {
            if (isInternal(address)) {
                throw new RefusedException("host " + host + " resolves to the non-public address "
                        + address.getHostAddress() + " and is not allow-listed");
            }
        }
        return uri;
    }

    static boolean isInternal(InetAddress address) {
        if (address.isLoopbackAddress() || address.isAnyLocalAddress() || address.isLinkLocalAddress()
                || address.isSiteLocalAddress() || address.isMulticastAddress()) {
            return true;
        }
        byte[] b = address.getAddress();
        if (address instanceof Inet4Address) {
            int first = b[0] & 0xff, second = b[1] & 0xff;
            return first == 0                                   // RFC 1122 "this network"
                    || (first == 100 && second >= 64 && second < 128) // RFC 6598 CGNAT
                    || (first == 192 && second == 0 && (b[2] & 0xff) == 0) // RFC 6890 IETF protocol assignments
                    || first >= 240;                            // reserved, broadcast
        }
        if (address instanceof Inet6Address) {
            if ((b[0] & 0xfe) == 0xfc) return true;             // RFC 4193 unique local
            boolean v4Mapped = true;                            // ::ffff:a.b.c.d carries an IPv4 target
            for (int i = 0; i < 10; i++) v4Mapped &= b[i] == 0;
            if (v4Mapped && (b[10] & 0xff) == 0xff && (b[11] & 0xff) == 0xff) {
                try {
                    return isInternal(InetAddress.getByAddress(new byte[] {b[12], b[13], b[14], b[15]}));
                } catch (UnknownHostException e) {
                    return true;
                }
            }
        }
        return false;
    }

    /** The target is refused; the message says why. */
    public static final class RefusedException extends RuntimeException {
        public RefusedException(String message) {
            super(message);
        }
    }
}
