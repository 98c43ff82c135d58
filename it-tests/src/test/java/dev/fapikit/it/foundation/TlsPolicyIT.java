package dev.fapikit.it.foundation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.ByteArrayOutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.security.SecureRandom;

import javax.net.ssl.SSLException;
import javax.net.ssl.SSLSocket;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import dev.fapikit.it.harness.FapiKit;
import dev.fapikit.it.harness.FapiKitServer;

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
        assertThat(firstRecordType(kit, clientHello(version, OLD_SUITES)))
                .as("first record type answered to a TLS %04x ClientHello", version).isIn(21, -1);
    }

    @Test
    @DisplayName("control: the same hand-made ClientHello for TLS 1.2 with a FAPI suite gets a ServerHello")
    void handMadeHelloIsWellFormed(FapiKit kit) throws IOException {
        byte[] gcm = {(byte) 0xc0, 0x2f, (byte) 0xc0, 0x30, 0x00, (byte) 0xff};
        assertThat(firstRecordType(kit, clientHello(0x0303, gcm))).isEqualTo(22);
    }

    private static int firstRecordType(FapiKit kit, byte[] hello) throws IOException {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), kit.server().httpsPort())) {
            socket.setSoTimeout(5000);
            socket.getOutputStream().write(hello);
            socket.getOutputStream().flush();
            return socket.getInputStream().read();
        }
    }

    /** ECDHE-RSA and RSA AES-CBC-SHA suites of TLS 1.0/1.1, and the renegotiation SCSV. */
    private static final byte[] OLD_SUITES = {(byte) 0xc0, 0x13, (byte) 0xc0, 0x14, 0x00, 0x2f, 0x00, (byte) 0xff};

    /**
     * A minimal ClientHello: the given version and suites, the supported_groups (P-256) and signature_algorithms
     * (rsa_pss_rsae_sha256, rsa_pkcs1_sha256) extensions.
     */
    private static byte[] clientHello(int version, byte[] suites) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.write(version >> 8);
        body.write(version & 0xff);
        byte[] random = new byte[32];
        new SecureRandom().nextBytes(random);
        body.writeBytes(random);
        body.write(0); // session id
        body.write(0);
        body.write(suites.length);
        body.writeBytes(suites);
        body.write(1); // compression methods
        body.write(0);
        byte[] extensions = {0x00, 0x0a, 0x00, 0x04, 0x00, 0x02, 0x00, 0x17, // supported_groups: secp256r1
                0x00, 0x0d, 0x00, 0x06, 0x00, 0x04, 0x08, 0x04, 0x04, 0x01}; // signature_algorithms
        body.write(0);
        body.write(extensions.length);
        body.writeBytes(extensions);
        byte[] hello = body.toByteArray();
        ByteArrayOutputStream record = new ByteArrayOutputStream();
        record.writeBytes(new byte[] {22, 0x03, 0x01, (byte) ((hello.length + 4) >> 8), (byte) (hello.length + 4)});
        record.writeBytes(new byte[] {1, 0, (byte) (hello.length >> 8), (byte) hello.length});
        record.writeBytes(hello);
        return record.toByteArray();
    }

    /** Handshakes with exactly one protocol (and suite); returns the negotiated suite. */
    private static String handshake(FapiKit kit, String protocol, String suite) throws IOException {
        try (SSLSocket socket = (SSLSocket) kit.pki().sslContext(null).getSocketFactory()
                .createSocket(InetAddress.getLoopbackAddress(), kit.server().httpsPort())) {
            socket.setSoTimeout(5000);
            socket.setEnabledProtocols(new String[] {protocol});
            if (suite != null) {
                socket.setEnabledCipherSuites(new String[] {suite});
            }
            socket.startHandshake();
            return socket.getSession().getCipherSuite();
        }
    }
}
