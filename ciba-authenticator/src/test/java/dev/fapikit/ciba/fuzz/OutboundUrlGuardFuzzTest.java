package dev.fapikit.ciba.fuzz;

import static dev.fapikit.core.fuzz.Invariant.check;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;

import dev.fapikit.ciba.delivery.OutboundUrlGuard;

/**
 * Webhook and notification targets (SSRF guard). For any URL text: {@link OutboundUrlGuard#check} returns a URI or
 * throws {@link OutboundUrlGuard.RefusedException}, nothing else, the same way twice; a URL it lets through is https
 * (or http to an allow-listed host), has a host and no user information, and resolves to no internal address. Name
 * resolution is deterministic here (no DNS): IPv4 literals are themselves, other names map to an address derived from
 * the name, so both public and internal answers occur.
 */
class OutboundUrlGuardFuzzTest {

    private static final Set<String> ALLOWED = Set.of("hooks.internal.example", "localhost");
    private static final Pattern IPV4 = Pattern.compile("(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})");

    private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:.]+");

    private static final OutboundUrlGuard GUARD = new OutboundUrlGuard(ALLOWED, OutboundUrlGuardFuzzTest::resolve);

    @FuzzTest(maxDuration = "30s")
    void letsThroughOnlyPublicHttpsTargets(FuzzedDataProvider data) {
        String url = data.consumeRemainingAsString();
        String first = outcome(url);
        check(first.equals(outcome(url)), "same outcome twice", url);
    }

    private static String outcome(String url) {
        URI uri;
        try {
            uri = GUARD.check(url);
        } catch (OutboundUrlGuard.RefusedException e) {
            check(e.getMessage() != null && !e.getMessage().isBlank(), "a refusal says why", url);
            return "refused:" + e.getMessage();
        }
        String host = uri.getHost();
        check(host != null && uri.getRawUserInfo() == null, "passed URL has a host and no user info", url);
        String h = host.toLowerCase(Locale.ROOT).replaceAll("^\\[|\\]$", "");
        boolean allowListed = ALLOWED.contains(h);
        check("https".equalsIgnoreCase(uri.getScheme()) || allowListed && "http".equalsIgnoreCase(uri.getScheme()),
                "passed URL is https, or http to an allow-listed host", url);
        if (!allowListed) {
            try {
                for (InetAddress a : resolve(h)) {
                    check(!a.isLoopbackAddress() && !a.isSiteLocalAddress() && !a.isLinkLocalAddress()
                            && !a.isAnyLocalAddress() && !a.isMulticastAddress(), "passed URL resolves to no internal address", url);
                }
            } catch (UnknownHostException e) {
                check(false, "a passed URL resolves", url);
            }
        }
        return "passed:" + uri;
    }

    /** Deterministic stand-in for DNS: IP literals are themselves, names hash to an IPv4 or IPv6 address; "nx" names don't resolve. */
    static InetAddress[] resolve(String host) throws UnknownHostException {
        if (host.startsWith("nx")) {
            throw new UnknownHostException(host);
        }
        Matcher m = IPV4.matcher(host);
        if (m.matches()) {
            byte[] b = new byte[4];
            for (int i = 0; i < 4; i++) {
                int octet = Integer.parseInt(m.group(i + 1));
                if (octet > 255) throw new UnknownHostException(host);
                b[i] = (byte) octet;
            }
            return new InetAddress[] {InetAddress.getByAddress(host, b)};
        }
        if (host.contains(":") && IPV6.matcher(host).matches()) {
            return new InetAddress[] {InetAddress.getByName(host)}; // an IPv6 literal: parsed, never looked up
        }
        byte[] name = host.getBytes(StandardCharsets.UTF_8);
        int h = java.util.Arrays.hashCode(name);
        byte[] b = (h & 1) == 0 ? new byte[4] : new byte[16];
        for (int i = 0; i < b.length; i++) b[i] = (byte) (h >>> (8 * (i % 4)) ^ i);
        return new InetAddress[] {InetAddress.getByAddress(host, b)};
    }
}
