package dev.fapikit.it.ciba;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLPeerUnverifiedException;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsExchange;
import com.sun.net.httpserver.HttpsParameters;
import com.sun.net.httpserver.HttpsServer;
import org.awaitility.Awaitility;

import dev.fapikit.it.harness.FapiKit;

/**
 * A real HTTPS endpoint on loopback for requests from the server (CIBA ping, the FAPI Kit webhook, stock Keycloak's
 * HTTP authentication channel). It presents
 * the test PKI's {@code localhost} certificate, which the server trusts, records every request and answers 204 (or a
 * chosen status). {@link #requiringClientCertificate} makes one that requires mutual TLS.
 */
public final class HttpsReceiver implements AutoCloseable {

    /** @param clientCertificate the certificate the sender presented in TLS, or null */
    public record Received(String path, Map<String, List<String>> headers, String body, X509Certificate clientCertificate) {
        public String header(String name) {
            return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
                    .map(e -> e.getValue().get(0)).findFirst().orElse(null);
        }
    }

    private final HttpsServer server;
    private final ExecutorService executor;
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private final CountDownLatch closed = new CountDownLatch(1);

    public HttpsReceiver(FapiKit kit) throws IOException {
        this(kit, 204);
    }

    /** A receiver answering {@code status}; a 3xx points its {@code Location} at {@code /redirected} here. */
    public HttpsReceiver(FapiKit kit, int status) throws IOException {
        this(kit, status, null);
    }

    /** A receiver answering {@code status} with {@code body} (JSON) when not null. */
    public HttpsReceiver(FapiKit kit, int status, String body) throws IOException {
        this(kit, status, body, false);
    }

    /**
     * A receiver answering 204 that accepts only senders presenting a client certificate the test CA issued (mutual
     * TLS); a sender without one fails the TLS handshake and nothing is recorded.
     */
    static HttpsReceiver requiringClientCertificate(FapiKit kit) throws IOException {
        return new HttpsReceiver(kit, 204, null, true, 0);
    }

    /** A receiver that records each request at once but answers 204 only after {@code delayMillis}. */
    static HttpsReceiver answeringAfter(FapiKit kit, long delayMillis) throws IOException {
        return new HttpsReceiver(kit, 204, null, false, delayMillis);
    }

    private HttpsReceiver(FapiKit kit, int status, String body, boolean needClientAuth) throws IOException {
        this(kit, status, body, needClientAuth, 0);
    }

    private HttpsReceiver(FapiKit kit, int status, String body, boolean needClientAuth, long delayMillis) throws IOException {
        server = HttpsServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        executor = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "https-receiver");
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(executor);
        server.setHttpsConfigurator(new HttpsConfigurator(kit.pki().sslContext(kit.pki().serverCertificate())) {
            @Override
            public void configure(HttpsParameters params) {
                SSLParameters ssl = getSSLContext().getDefaultSSLParameters();
                ssl.setNeedClientAuth(needClientAuth);
                params.setSSLParameters(ssl);
            }
        });
        server.createContext("/", exchange -> {
            try (InputStream in = exchange.getRequestBody()) {
                received.add(new Received(exchange.getRequestURI().getPath(), Map.copyOf(exchange.getRequestHeaders()),
                        new String(in.readAllBytes(), StandardCharsets.UTF_8), clientCertificate((HttpsExchange) exchange)));
            }
            if (delayMillis > 0) {
                try {
                    // a slow receiver: holds the answer back for delayMillis, or until the receiver is closed
                    closed.await(delayMillis, TimeUnit.MILLISECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            boolean redirected = exchange.getRequestURI().getPath().equals("/redirected");
            if (status / 100 == 3 && !redirected) {
                exchange.getResponseHeaders().add("Location", url("/redirected"));
            }
            if (body != null && !redirected) {
                byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().add("Content-Type", "application/json");
                exchange.sendResponseHeaders(status, bytes.length);
                exchange.getResponseBody().write(bytes);
            } else {
                exchange.sendResponseHeaders(redirected ? 204 : status, -1);
            }
            exchange.close();
        });
        server.start();
    }

    /** {@code https://127.0.0.1:<port><path>}: the same receiver by its loopback address, which is not allow-listed. */
    String loopbackUrl(String path) {
        return "https://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    /** {@code https://localhost:<port><path>} */
    public String url(String path) {
        return "https://localhost:" + server.getAddress().getPort() + path;
    }

    public List<Received> received() {
        return received;
    }

    /** Waits up to {@code seconds} for {@code count} requests (fails when they do not all arrive); returns all received. */
    public List<Received> await(int count, int seconds) {
        Awaitility.await(count + " request(s) at the receiver").atMost(Duration.ofSeconds(seconds))
                .pollInterval(Duration.ofMillis(50)).until(() -> received.size() >= count);
        return received;
    }

    /**
     * Proves that nothing more arrives: fails unless {@code what} holds for the received requests during all of
     * {@code quiet} (e.g. no retry within the delivery's whole retry schedule).
     */
    public void stillAfter(Duration quiet, Consumer<List<Received>> what) {
        Awaitility.await("unchanged at the receiver for " + quiet.toMillis() + " ms").during(quiet).atMost(quiet.plusSeconds(2))
                .pollInterval(Duration.ofMillis(100)).untilAsserted(() -> what.accept(received));
    }

    @Override
    public void close() {
        closed.countDown();
        server.stop(0);
        executor.shutdownNow();
    }

    private static X509Certificate clientCertificate(HttpsExchange exchange) {
        try {
            return (X509Certificate) exchange.getSSLSession().getPeerCertificates()[0];
        } catch (SSLPeerUnverifiedException none) {
            return null;
        }
    }
}
