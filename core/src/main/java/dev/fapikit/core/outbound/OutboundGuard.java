package dev.fapikit.core.outbound;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The one SSRF guard of FAPI Kit: every URL the server calls because a client or a realm administrator named it
 * (CIBA ping/push endpoints and webhooks, a client's {@code jwks_uri}, {@code request_uris},
 * {@code backchannel_logout_uri}, {@code sector_identifier_uri}) passes here first.
 *
 * <p>Refused, unless the host is on the server's allow-list: loopback, unspecified, private (RFC 1918, RFC 4193),
 * link-local (RFC 3927 incl. cloud metadata 169.254.169.254, RFC 4291 §2.5.6), site-local, CGNAT (RFC 6598), multicast,
 * reserved IPv4 ranges, and every IPv6 form that carries a non-public IPv4 address: IPv4-compatible ({@code ::a.b.c.d},
 * RFC 4291 §2.5.5.1), IPv4-mapped ({@code ::ffff:a.b.c.d}, §2.5.5.2), IPv4-translated ({@code ::ffff:0:a.b.c.d},
 * RFC 2765 §2.1), NAT64 ({@code 64:ff9b::/96}, RFC 6052 §2.1) and 6to4 ({@code 2002::/16}, RFC 3056 §2); the
 * local-use NAT64 prefix {@code 64:ff9b:1::/48} (RFC 8215) and Teredo ({@code 2001::/32}, RFC 4380 §2.14) are refused
 * outright, as the IPv4 target behind them is not knowable here. Only https, or http for an allow-listed host.
 *
 * <p>{@link #resolve} answers the addresses it checked: the caller connects to exactly those ({@link OutboundHttp}),
 * so a DNS answer that changes between check and connect (rebinding) cannot move the request inside.
 */
public class OutboundGuard {

    /** Resolves a host name; replaceable in tests. */
    public interface Resolver {
        InetAddress[] resolve(String host) throws UnknownHostException;
    }

    /** A URL that passed the guard, and the addresses to connect to (checked unless the host is allow-listed). */
    public record Target(URI uri, String host, InetAddress[] addresses) {
        public Target {
            addresses = addresses.clone();
        }

        @Override
        public InetAddress[] addresses() {
            return addresses.clone();
        }
    }

    private final Set<String> allowedHosts;
    private final Resolver resolver;

    public OutboundGuard(Set<String> allowedHosts, Resolver resolver) {
        this.allowedHosts = allowedHosts.stream().map(OutboundGuard::normalize).filter(h -> !h.isEmpty())
                .collect(Collectors.toUnmodifiableSet());
        this.resolver = resolver;
    }

    public OutboundGuard(Set<String> allowedHosts) {
        this(allowedHosts, InetAddress::getAllByName);
    }

    /** The hosts this guard lets through although their addresses are not public (lower case, no brackets). */
    public Set<String> allowedHosts() {
        return allowedHosts;
    }

    /** Returns the URI when it may be called now, else throws {@link RefusedException} naming the reason. */
    public URI check(String url) {
        return resolve(url).uri();
    }

    /**
     * The check at registration: as {@link #check(String)}, but a host that does not resolve yet is accepted (its DNS
     * may follow the registration); each fetch checks again.
     */
    public URI checkRegistration(String url) {
        Parsed parsed = parse(url);
        if (parsed.allowListed) return parsed.uri;
        InetAddress[] addresses;
        try {
            addresses = resolver.resolve(parsed.host);
        } catch (UnknownHostException e) {
            return parsed.uri;
        }
        refuseNonPublic(parsed.uri.getHost(), addresses);
        return parsed.uri;
    }

    /** The check at fetch time: the host must resolve, and the answer is what the caller connects to (DNS pinning). */
    public Target resolve(String url) {
        Parsed parsed = parse(url);
        InetAddress[] addresses;
        try {
            addresses = resolver.resolve(parsed.host);
        } catch (UnknownHostException | SecurityException e) {
            throw new RefusedException("host " + parsed.uri.getHost() + " does not resolve", null);
        }
        if (addresses == null || addresses.length == 0) {
            throw new RefusedException("host " + parsed.uri.getHost() + " does not resolve", null);
        }
        if (!parsed.allowListed) refuseNonPublic(parsed.uri.getHost(), addresses);
        return new Target(parsed.uri, parsed.host, addresses);
    }

    /**
     * The addresses {@code host} may be connected to now (a connection manager's resolver, {@link PinnedPoster}):
     * resolved once, every address public unless the host is allow-listed, else {@link RefusedException}.
     */
    public InetAddress[] resolveHost(String host) throws UnknownHostException {
        String normalized = normalize(host);
        InetAddress[] addresses = resolver.resolve(normalized);
        if (addresses == null || addresses.length == 0) {
            throw new UnknownHostException(host);
        }
        if (!allowedHosts.contains(normalized)) refuseNonPublic(host, addresses);
        return addresses;
    }

    private record Parsed(URI uri, String host, boolean allowListed) {
    }

    private Parsed parse(String url) {
        if (url == null || url.isBlank()) throw new RefusedException("not a valid URL", null);
        URI uri;
        try {
            uri = URI.create(url.trim());
        } catch (IllegalArgumentException e) {
            throw new RefusedException("not a valid URL", null);
        }
        String host = uri.getHost();
        if (host == null || uri.getRawUserInfo() != null) {
            throw new RefusedException("the URL needs a host and no user information", null);
        }
        String normalized = normalize(host);
        boolean allowListed = allowedHosts.contains(normalized);
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("https") && !(scheme.equals("http") && allowListed)) {
            throw new RefusedException("only https URLs are allowed", null);
        }
        return new Parsed(uri, normalized, allowListed);
    }

    private static void refuseNonPublic(String host, InetAddress[] addresses) {
        for (InetAddress address : addresses) {
            if (isNonPublic(address)) {
                // the client learns that its URL points inside, not which address its host name has here
                throw new RefusedException("host " + host + " resolves to a non-public address and is not allow-listed",
                        "resolved to " + address.getHostAddress() + " (all: " + Arrays.stream(addresses).map(InetAddress::getHostAddress)
                                .collect(Collectors.joining(", ")) + ")");
            }
        }
    }

    static String normalize(String host) {
        String h = host.trim().toLowerCase(Locale.ROOT);
        if (h.startsWith("[") && h.endsWith("]")) h = h.substring(1, h.length() - 1);
        return h;
    }

    /** Whether an address is one the server must not call on a client's or an admin's word. */
    public static boolean isNonPublic(InetAddress address) {
        if (address.isLoopbackAddress() || address.isAnyLocalAddress() || address.isLinkLocalAddress()
                || address.isSiteLocalAddress() || address.isMulticastAddress()) {
            return true;
        }
        byte[] b = address.getAddress();
        if (address instanceof Inet4Address) return isNonPublicV4(b, 0);
        if (address instanceof Inet6Address) return isNonPublicV6(b);
        return true;
    }

    private static boolean isNonPublicV4(byte[] b, int at) {
        int first = b[at] & 0xff, second = b[at + 1] & 0xff, third = b[at + 2] & 0xff;
        return first == 0                                          // RFC 1122 "this network"
                || first == 10                                     // RFC 1918
                || first == 127                                    // loopback
                || (first == 100 && second >= 64 && second < 128)  // RFC 6598 CGNAT
                || (first == 169 && second == 254)                 // RFC 3927 link-local, cloud metadata
                || (first == 172 && second >= 16 && second < 32)   // RFC 1918
                || (first == 192 && second == 168)                 // RFC 1918
                || (first == 192 && second == 0 && third == 0)     // RFC 6890 IETF protocol assignments
                || (first == 198 && (second == 18 || second == 19)) // RFC 2544 benchmarking
                || first >= 224;                                   // multicast, reserved, broadcast
    }

    private static boolean isNonPublicV6(byte[] b) {
        if ((b[0] & 0xfe) == 0xfc) return true;                    // RFC 4193 unique local
        if ((b[0] & 0xff) == 0xfe && (b[1] & 0xc0) == 0x80) return true; // fe80::/10 link-local
        if ((b[0] & 0xff) == 0xfe && (b[1] & 0xc0) == 0xc0) return true; // fec0::/10 site-local (deprecated)
        if ((b[0] & 0xff) == 0xff) return true;                    // multicast
        if (zero(b, 0, 10) && (b[10] & 0xff) == 0xff && (b[11] & 0xff) == 0xff) {
            return isNonPublicV4(b, 12);                           // ::ffff:a.b.c.d IPv4-mapped
        }
        if (zero(b, 0, 12)) return isNonPublicV4(b, 12);           // ::a.b.c.d IPv4-compatible, :: and ::1 included
        if (zero(b, 0, 8) && (b[8] & 0xff) == 0xff && (b[9] & 0xff) == 0xff && zero(b, 10, 12)) {
            return isNonPublicV4(b, 12);                           // ::ffff:0:a.b.c.d IPv4-translated
        }
        if (b[0] == 0 && (b[1] & 0xff) == 0x64 && (b[2] & 0xff) == 0xff && (b[3] & 0xff) == 0x9b) {
            if (zero(b, 4, 12)) return isNonPublicV4(b, 12);       // 64:ff9b::/96 NAT64 well-known prefix
            if (b[4] == 0 && b[5] == 1) return true;               // 64:ff9b:1::/48 local-use NAT64
        }
        if (b[0] == 0x20 && b[1] == 0x02) return isNonPublicV4(b, 2); // 2002::/16 6to4
        if (b[0] == 0x20 && b[1] == 0x01 && b[2] == 0 && b[3] == 0) return true; // 2001::/32 Teredo
        if (b[0] == 0x01 && b[1] == 0 && zero(b, 2, 8)) return true; // 100::/64 discard-only (RFC 6666)
        return false;
    }

    private static boolean zero(byte[] b, int from, int to) {
        for (int i = from; i < to; i++) {
            if (b[i] != 0) return false;
        }
        return true;
    }

    /** The target is refused; the message says why and is safe to show the client, {@link #detail()} is for the log. */
    public static final class RefusedException extends RuntimeException {
        private final String detail;

        public RefusedException(String message, String detail) {
            super(message);
            this.detail = detail;
        }

        public RefusedException(String message) {
            this(message, null);
        }

        /** The message with what only the log may see (the addresses a host resolved to). */
        public String detail() {
            return detail == null ? getMessage() : getMessage() + "; " + detail;
        }
    }
}
