package dev.fapikit.core.outbound;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class OutboundGuardTest {

    private static OutboundGuard resolvingTo(String ip, String... allowed) {
        return new OutboundGuard(Set.of(allowed), host -> new InetAddress[] {InetAddress.getByName(ip)});
    }

    /** A guard that resolves IP literals only (no DNS in unit tests). */
    private static final OutboundGuard LITERALS = new OutboundGuard(Set.of(), host -> {
        if (host.chars().anyMatch(Character::isLetter) && !host.contains(":")) throw new UnknownHostException(host);
        return new InetAddress[] {InetAddress.getByName(host)};
    });

    @ParameterizedTest(name = "{0} is refused")
    @DisplayName("Given an address that is not public, in any IPv4 or IPv6 spelling, the URL is refused")
    @ValueSource(strings = {
            // IPv4: loopback, RFC 1918, link-local and cloud metadata, CGNAT, this-network, multicast, reserved, broadcast
            "127.0.0.1", "127.255.255.254", "10.0.0.1", "172.16.0.9", "172.31.255.255", "192.168.1.1", "169.254.169.254",
            "100.64.0.1", "100.127.255.255", "0.0.0.0", "0.1.2.3", "224.0.0.1", "239.1.1.1", "240.0.0.1", "255.255.255.255",
            "192.0.0.8", "198.18.0.1",
            // IPv6 native: loopback, unspecified, link-local, unique local, site-local, multicast, discard-only
            "::1", "::", "fe80::1", "fc00::1", "fd12:3456::1", "fec0::1", "ff02::1", "100::1",
            // IPv4-compatible ::a.b.c.d (RFC 4291 §2.5.5.1)
            "::127.0.0.1", "::10.0.0.1", "::169.254.169.254", "::192.168.0.1",
            // IPv4-mapped ::ffff:a.b.c.d (RFC 4291 §2.5.5.2)
            "::ffff:127.0.0.1", "::ffff:10.1.2.3", "::ffff:169.254.169.254", "::ffff:7f00:1",
            // IPv4-translated ::ffff:0:a.b.c.d (RFC 2765 §2.1)
            "::ffff:0:127.0.0.1", "::ffff:0:10.0.0.1", "::ffff:0:169.254.169.254",
            // NAT64 well-known prefix 64:ff9b::/96 (RFC 6052) and local-use 64:ff9b:1::/48 (RFC 8215)
            "64:ff9b::127.0.0.1", "64:ff9b::10.0.0.1", "64:ff9b::a9fe:a9fe", "64:ff9b:1::808:808", "64:ff9b:1:2::1",
            // 6to4 2002::/16 with a non-public IPv4 (RFC 3056)
            "2002:7f00:1::1", "2002:a00:1::", "2002:a9fe:a9fe::1", "2002:c0a8:101::1",
            // Teredo 2001::/32 (RFC 4380)
            "2001:0:4136:e378:8000:63bf:80ff:fffe", "2001::1"})
    void nonPublicAddressesAreRefused(String ip) throws Exception {
        assertThat(OutboundGuard.isNonPublic(InetAddress.getByName(ip))).as(ip).isTrue();
        assertThatThrownBy(() -> resolvingTo(ip).check("https://keys.example.com/jwks"))
                .isInstanceOf(OutboundGuard.RefusedException.class)
                .hasMessageContaining("non-public address");
    }

    @ParameterizedTest(name = "https://[{0}]/ is refused")
    @DisplayName("Given an IPv6 literal that embeds a non-public IPv4 address in the URL, it is refused at registration and fetch")
    @ValueSource(strings = {"::1", "::127.0.0.1", "::ffff:127.0.0.1", "::ffff:0:127.0.0.1", "64:ff9b::127.0.0.1",
            "64:ff9b::10.0.0.1", "2002:7f00:1::", "fe80::1", "fd00::1"})
    void ipv6LiteralsAreRefused(String ip) {
        String url = "https://[" + ip + "]:8443/jwks";
        assertThatThrownBy(() -> LITERALS.checkRegistration(url)).hasMessageContaining("non-public address");
        assertThatThrownBy(() -> LITERALS.resolve(url)).hasMessageContaining("non-public address");
    }

    @ParameterizedTest(name = "{0} is public")
    @DisplayName("Given a public address, also embedded in an IPv6 form, the URL passes")
    @ValueSource(strings = {"93.184.215.14", "8.8.8.8", "172.32.0.1", "100.128.0.1", "169.255.0.1", "2606:4700::1111",
            "::ffff:8.8.8.8", "64:ff9b::808:808", "2002:808:808::1"})
    void publicAddressesPass(String ip) throws Exception {
        assertThat(OutboundGuard.isNonPublic(InetAddress.getByName(ip))).as(ip).isFalse();
        assertThat(resolvingTo(ip).check("https://keys.example.com/jwks").getHost()).isEqualTo("keys.example.com");
    }

    @Test
    @DisplayName("the refusal shown to the client does not say which address a host name resolved to; the log detail does")
    void refusalHidesTheResolvedAddress() {
        OutboundGuard guard = resolvingTo("10.20.30.40");
        assertThatThrownBy(() -> guard.check("https://db.internal.example/jwks"))
                .isInstanceOfSatisfying(OutboundGuard.RefusedException.class, e -> {
                    assertThat(e.getMessage()).doesNotContain("10.20.30.40");
                    assertThat(e.detail()).contains("10.20.30.40");
                });
    }

    @Test
    @DisplayName("resolve answers the checked addresses, which the fetch connects to (DNS pinning)")
    void resolvePinsTheCheckedAnswer() throws Exception {
        AtomicInteger lookups = new AtomicInteger();
        // a rebinding DNS: public on the first answer, loopback afterwards
        OutboundGuard guard = new OutboundGuard(Set.of(), host -> new InetAddress[] {
                InetAddress.getByName(lookups.getAndIncrement() == 0 ? "93.184.215.14" : "127.0.0.1")});
        OutboundGuard.Target target = guard.resolve("https://rebind.example.com/jwks");
        assertThat(target.addresses()).extracting(InetAddress::getHostAddress).containsExactly("93.184.215.14");
        assertThat(target.host()).isEqualTo("rebind.example.com");
        assertThat(lookups).hasValue(1);
        // the next check resolves again and sees the new answer
        assertThatThrownBy(() -> guard.resolve("https://rebind.example.com/jwks")).hasMessageContaining("non-public address");
    }

    @Test
    @DisplayName("any non-public address among several refuses")
    void anyNonPublicAmongSeveralRefuses() {
        OutboundGuard guard = new OutboundGuard(Set.of(), host -> new InetAddress[] {
                InetAddress.getByName("93.184.215.14"), InetAddress.getByName("::ffff:0:10.0.0.1")});
        assertThatThrownBy(() -> guard.check("https://two.example.com/")).hasMessageContaining("non-public address");
    }

    @Test
    @DisplayName("an allow-listed host passes although loopback, and may use http; it is still resolved for pinning")
    void allowListedHost() {
        OutboundGuard guard = resolvingTo("127.0.0.1", "localhost", "[::1]");
        assertThat(guard.check("http://localhost:9000/jwks")).isNotNull();
        assertThat(guard.check("https://LOCALHOST/jwks")).isNotNull();
        assertThat(guard.resolve("http://[::1]:9000/jwks").addresses()).hasSize(1);
        assertThat(guard.allowedHosts()).containsExactlyInAnyOrder("localhost", "::1");
    }

    @Test
    @DisplayName("plain http, user information, a missing host and text that is no URL are refused")
    void malformedUrlsAreRefused() {
        OutboundGuard guard = resolvingTo("93.184.215.14");
        assertThatThrownBy(() -> guard.check("http://keys.example.com/jwks")).hasMessageContaining("only https");
        assertThatThrownBy(() -> guard.check("https://user:pw@keys.example.com/")).hasMessageContaining("no user information");
        assertThatThrownBy(() -> guard.check("https:///nohost")).hasMessageContaining("needs a host");
        assertThatThrownBy(() -> guard.check("not a url")).isInstanceOf(OutboundGuard.RefusedException.class);
        assertThatThrownBy(() -> guard.check(null)).isInstanceOf(OutboundGuard.RefusedException.class);
        assertThatThrownBy(() -> guard.check("ftp://keys.example.com/jwks")).hasMessageContaining("only https");
    }

    @Test
    @DisplayName("at registration a host that does not resolve yet passes; at fetch it is refused")
    void unresolvableHost() {
        OutboundGuard guard = new OutboundGuard(Set.of(), host -> { throw new UnknownHostException(host); });
        assertThat(guard.checkRegistration("https://client.example.org/jwks")).isNotNull();
        assertThatThrownBy(() -> guard.resolve("https://client.example.org/jwks")).hasMessageContaining("does not resolve");
    }

    @Test
    @DisplayName("every URL a client's metadata names is checked, one human sentence per refusal")
    void registrationMetadata() {
        Map<String, Object> metadata = Map.of(
                "jwks_uri", "https://127.0.0.1:8443/jwks",
                "request_uris", List.of("https://client.example.org/ro", "https://[::ffff:127.0.0.1]/ro"),
                "backchannel_logout_uri", "https://169.254.169.254/latest",
                "sector_identifier_uri", "https://[64:ff9b::10.0.0.1]/sector",
                "redirect_uris", List.of("https://127.0.0.1/cb"));
        List<String> refusals = ClientUrls.refusals(LITERALS, ClientUrls.ofMetadata(metadata));
        assertThat(refusals).hasSize(4).allMatch(r -> r.contains("non-public address"));
        assertThat(refusals).anyMatch(r -> r.startsWith("jwks_uri refused"))
                .anyMatch(r -> r.startsWith("request_uris refused"))
                .anyMatch(r -> r.startsWith("backchannel_logout_uri refused"))
                .anyMatch(r -> r.startsWith("sector_identifier_uri refused"));
        assertThat(ClientUrls.refusals(LITERALS, ClientUrls.ofMetadata(Map.of("jwks_uri", 42)))).isEmpty();
    }
}
