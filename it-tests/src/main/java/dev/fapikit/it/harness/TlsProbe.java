package dev.fapikit.it.harness;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.security.SecureRandom;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;

/** Real TLS handshakes against a node's HTTPS port, to prove which protocols and cipher suites it accepts. */
public final class TlsProbe {

    /** ECDHE-RSA and RSA AES-CBC-SHA suites of TLS 1.0/1.1, and the renegotiation SCSV. */
    public static final byte[] OLD_SUITES = {(byte) 0xc0, 0x13, (byte) 0xc0, 0x14, 0x00, 0x2f, 0x00, (byte) 0xff};

    /** TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256, TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384 and the renegotiation SCSV. */
    public static final byte[] FAPI_SUITES = {(byte) 0xc0, 0x2f, (byte) 0xc0, 0x30, 0x00, (byte) 0xff};

    private TlsProbe() {
    }

    /** Handshakes with exactly one protocol (and suite, unless null); returns the negotiated suite. */
    public static String handshake(SSLContext context, int port, String protocol, String suite) throws IOException {
        try (SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket(InetAddress.getLoopbackAddress(), port)) {
            socket.setSoTimeout(5000);
            socket.setEnabledProtocols(new String[] {protocol});
            if (suite != null) {
                socket.setEnabledCipherSuites(new String[] {suite});
            }
            socket.startHandshake();
            return socket.getSession().getCipherSuite();
        }
    }

    /**
     * Sends {@code hello} and returns the type of the first record the server answers: 22 (handshake, a ServerHello),
     * 21 (alert), or -1 when it just closes the connection.
     */
    public static int firstRecordType(int port, byte[] hello) throws IOException {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
            socket.setSoTimeout(5000);
            socket.getOutputStream().write(hello);
            socket.getOutputStream().flush();
            return socket.getInputStream().read();
        }
    }

    /**
     * A minimal ClientHello (RFC 4346 §7.4.1.2) for {@code version} (0x0302 = TLS 1.1) offering {@code suites}, with the
     * supported_groups (P-256) and signature_algorithms (rsa_pss_rsae_sha256, rsa_pkcs1_sha256) extensions. The JDK
     * client will not offer TLS 1.0/1.1 (jdk.tls.disabledAlgorithms), so tests of old protocols speak it themselves.
     */
    public static byte[] clientHello(int version, byte[] suites) {
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
}
