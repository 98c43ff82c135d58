package dev.fapikit.it.policies;

import java.io.OutputStream;
import java.io.Reader;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;

import dev.fapikit.it.harness.TestPki;

/**
 * A software-statement directory's {@code jwks_uri} (issue 21 §1): an HTTPS server on loopback presenting the test
 * PKI's {@code localhost} certificate (which the server trusts), serving a JWK set the test can replace (key rotation)
 * and counting the fetches.
 */
final class DirectoryJwksServer implements AutoCloseable {

    private final HttpsServer server;
    private final AtomicReference<String> jwks;
    private final AtomicInteger fetches = new AtomicInteger();

    DirectoryJwksServer(TestPki pki, String jwkSet) throws Exception {
        jwks = new AtomicReference<>(jwkSet);
        server = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setHttpsConfigurator(new HttpsConfigurator(tls(pki)));
        server.createContext("/directory/jwks", exchange -> {
            fetches.incrementAndGet();
            byte[] body = jwks.get().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
    }

    /** By name: the test server allow-lists {@code localhost} in its outbound guard ({@code FapiKit.SHARED_SERVER_OPTIONS}). */
    String url() {
        return "https://localhost:" + server.getAddress().getPort() + "/directory/jwks";
    }

    /** The directory rotates its keys: the next fetch gets {@code jwkSet}. */
    void serve(String jwkSet) {
        jwks.set(jwkSet);
    }

    int fetches() {
        return fetches.get();
    }

    @Override
    public void close() {
        server.stop(0);
    }

    private static SSLContext tls(TestPki pki) throws Exception {
        X509Certificate certificate;
        PrivateKey key;
        try (Reader r = Files.newBufferedReader(pki.serverCertPem()); PEMParser p = new PEMParser(r)) {
            certificate = new JcaX509CertificateConverter().getCertificate((X509CertificateHolder) p.readObject());
        }
        try (Reader r = Files.newBufferedReader(pki.serverKeyPem()); PEMParser p = new PEMParser(r)) {
            Object o = p.readObject();
            JcaPEMKeyConverter converter = new JcaPEMKeyConverter();
            key = o instanceof PEMKeyPair pair ? converter.getKeyPair(pair).getPrivate()
                    : converter.getPrivateKey((PrivateKeyInfo) o);
        }
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        store.setKeyEntry("server", key, "changeit".toCharArray(),
                new X509Certificate[] {certificate, pki.ca().certificate()});
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(store, "changeit".toCharArray());
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(kmf.getKeyManagers(), null, null);
        return context;
    }
}
