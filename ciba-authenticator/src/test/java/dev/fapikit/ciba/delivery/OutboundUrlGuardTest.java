package dev.fapikit.ciba.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Set;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class OutboundUrlGuardTest {

    private static OutboundUrlGuard guardResolvingTo(String ip, String... allowed) {
        return new OutboundUrlGuard(Set.of(allowed), host -> new InetAddress[] {InetAddress.getByName(ip)});
    }

    @Test
    void publicHttpsTargetIsAllowed() {
        assertThat(guardResolvingTo("93.184.215.14").check("https://push.example.com/hook").getHost()).isEqualTo("push.example.com");
    }

    @ParameterizedTest
    @DisplayName("Given a host resolving to a non-public address, the webhook is refused")
    @ValueSource(strings = {"127.0.0.1", "10.1.2.3", "172.16.0.9", "192.168.1.1", "169.254.169.254", "100.64.0.1",
            "0.0.0.0", "::1", "fe80::1", "fd00::1", "::ffff:127.0.0.1", "224.0.0.1",
            // issue 16 §5: IPv4-compatible, IPv4-translated and NAT64 forms of loopback
            "::127.0.0.1", "::ffff:0:127.0.0.1", "64:ff9b::127.0.0.1"})
    void internalAddressesAreRefused(String ip) {
        assertThatThrownBy(() -> guardResolvingTo(ip).check("https://hook.example.com/x"))
                .isInstanceOf(OutboundUrlGuard.RefusedException.class)
                .hasMessageContaining("non-public address");
    }

    @Test
    void plainHttpIsRefused() {
        assertThatThrownBy(() -> guardResolvingTo("93.184.215.14").check("http://push.example.com/hook"))
                .hasMessageContaining("only https");
    }

    @Test
    void allowListedLoopbackIsAllowedAndMayUseHttp() {
        OutboundUrlGuard guard = guardResolvingTo("127.0.0.1", "localhost", "127.0.0.1");
        assertThat(guard.check("https://localhost:8443/hook")).isNotNull();
        assertThat(guard.check("http://127.0.0.1:9000/hook")).isNotNull();
    }

    @Test
    void userInfoAndMissingHostAreRefused() {
        OutboundUrlGuard guard = guardResolvingTo("93.184.215.14");
        assertThatThrownBy(() -> guard.check("https://user:pw@push.example.com/")).hasMessageContaining("no user information");
        assertThatThrownBy(() -> guard.check("https:///nohost")).hasMessageContaining("needs a host");
        assertThatThrownBy(() -> guard.check("not a url")).isInstanceOf(OutboundUrlGuard.RefusedException.class);
    }

    @Test
    void unresolvableHostIsRefused() {
        OutboundUrlGuard guard = new OutboundUrlGuard(Set.of(), host -> { throw new UnknownHostException(host); });
        assertThatThrownBy(() -> guard.check("https://nowhere.invalid/")).hasMessageContaining("does not resolve");
    }

    @Test
    void anyInternalAddressAmongSeveralRefuses() {
        OutboundUrlGuard guard = new OutboundUrlGuard(Set.of(), host -> new InetAddress[] {
                InetAddress.getByName("93.184.215.14"), InetAddress.getByName("10.0.0.1")});
        assertThatThrownBy(() -> guard.check("https://rebind.example.com/"))
                .isInstanceOfSatisfying(OutboundUrlGuard.RefusedException.class, e -> assertThat(e.detail()).contains("10.0.0.1"));
    }

    @Test
    @DisplayName("at registration a host that does not resolve yet passes; internal addresses and http are still refused")
    void registrationCheck() {
        OutboundUrlGuard unresolvable = new OutboundUrlGuard(Set.of(), host -> { throw new UnknownHostException(host); });
        assertThat(unresolvable.checkRegistration("https://client.example.org/cb")).isNotNull();
        assertThatThrownBy(() -> unresolvable.checkRegistration("http://client.example.org/cb")).hasMessageContaining("only https");
        assertThatThrownBy(() -> guardResolvingTo("127.0.0.1").checkRegistration("https://127.0.0.1:9/cb"))
                .hasMessageContaining("non-public address");
    }
}
