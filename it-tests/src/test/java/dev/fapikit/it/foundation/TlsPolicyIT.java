package dev.fapikit.it.foundation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;

import javax.net.ssl.SSLException;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import dev.fapikit.it.harness.FapiKit;
import dev.fapikit.it.harness.FapiKitServer;
import dev.fapikit.it.harness.TlsProbe;

/**
 * FAPI 1.0 Part 2 §8.5 and FAPI 2.0 Security Profile §5.2.1: the shipped configuration ({@code docker/keycloak.conf})
 * offers TLS 1.3 and, for TLS 1.2, exactly the four FAPI cipher suites; older protocols and other suites fail the
 * handshake. Proven by real handshakes against the server.
 */
@FapiKitServer
class TlsPolicyIT {

    @ParameterizedTest(name = "{0} is accepted")
    @ValueSource(strings = {"TLS_AES_128_GCM_SHA256", "TLS_AES_256_GCM_SHA384"})
    @DisplayName("TLS 1.3 is accepted")
    void tls13Accepted(String suite, FapiKit kit) throws IOException {
        assertThat(handshake(kit, "TLSv1.3", suite)).isEqualTo(suite);
    }

    @ParameterizedTest(name = "{0} is accepted")
    @ValueSource(strings = {"TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256", "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384"})
    @DisplayName("TLS 1.2 with a FAPI suite is accepted")
    void tls12FapiSuitesAccepted(String suite, FapiKit kit) throws IOException {
        assertThat(handshake(kit, "TLSv1.2", suite)).isEqualTo(suite);
    }

    @ParameterizedTest(name = "{0} is refused")
    @ValueSource(strings = {"TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA256", "TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA384",
            "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256", "TLS_RSA_WITH_AES_128_GCM_SHA256", "TLS_DHE_RSA_WITH_AES_128_GCM_SHA256"})
    @DisplayName("TLS 1.2 with any other suite is refused")
    void tls12OtherSuitesRefused(String suite, FapiKit kit) {
        // a fatal alert from the server, not the client's own refusal to offer the suite
        assertThatThrownBy(() -> handshake(kit, "TLSv1.2", suite)).isInstanceOf(SSLException.class)
                .hasMessageContaining("Received fatal alert");
    }

    @ParameterizedTest(name = "{0} is refused")
    @ValueSource(ints = {0x0301, 0x0302})
    @DisplayName("TLS 1.0 and 1.1 are refused")
    void oldProtocolsRefused(int version, FapiKit kit) throws IOException {
        // The JDK client will not offer TLS 1.0/1.1 (jdk.tls.disabledAlgorithms), so the test speaks the protocol itself:
        // a ClientHello (RFC 4346 §7.4.1.2) offering only that version; the server must answer with an alert record
        // (content type 21), never a ServerHello (handshake record, 22).
        assertThat(firstRecordType(kit, TlsProbe.clientHello(version, TlsProbe.OLD_SUITES)))
                .as("first record type answered to a TLS %04x ClientHello", version).isIn(21, -1);
    }

    @Test
    @DisplayName("control: the same hand-made ClientHello for TLS 1.2 with a FAPI suite gets a ServerHello")
    void handMadeHelloIsWellFormed(FapiKit kit) throws IOException {
        assertThat(firstRecordType(kit, TlsProbe.clientHello(0x0303, TlsProbe.FAPI_SUITES))).isEqualTo(22);
    }

    private static int firstRecordType(FapiKit kit, byte[] hello) throws IOException {
        return TlsProbe.firstRecordType(kit.server().httpsPort(), hello);
    }

    private static String handshake(FapiKit kit, String protocol, String suite) throws IOException {
        return TlsProbe.handshake(kit.pki().sslContext(null), kit.server().httpsPort(), protocol, suite);
    }
}
