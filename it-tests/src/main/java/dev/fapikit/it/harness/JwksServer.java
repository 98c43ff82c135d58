package dev.fapikit.it.harness;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;

/**
 * A JWK set served over HTTPS on loopback with the test PKI's {@code localhost} certificate, which the server trusts:
 * a client's {@code jwks_uri} (RFC 7591 §2) or a software-statement directory's (RFC 7591 §2.3). The test can replace
 * the set (key rotation) and count the server's fetches.
 */
public final class JwksServer implements AutoCloseable {

    private final HttpsServer server;
    private final AtomicReference<String> jwks;
    private final AtomicInteger fetches = new AtomicInteger();

    public JwksServer(TestPki pki, String jwkSet) {
        jwks = new AtomicReference<>(jwkSet);
        try {
            server = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.setHttpsConfigurator(new HttpsConfigurator(pki.sslContext(pki.serverCertificate())));
        server.createContext("/jwks", exchange -> {
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

    /** By name: the test servers allow-list {@code localhost} in their outbound guard, not the loopback address. */
    public String url() {
        return "https://localhost:" + server.getAddress().getPort() + "/jwks";
    }

    /** The next fetch gets {@code jwkSet} (key rotation). */
    public void serve(String jwkSet) {
        jwks.set(jwkSet);
    }

    /** How many times the set was fetched. */
    public int fetches() {
        return fetches.get();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
