package dev.fapikit.tools.bench;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;

import dev.fapikit.it.harness.Http;
import dev.fapikit.it.harness.TestPki;

/**
 * The HTTPS endpoints the servers call during the benchmark, in this process on loopback with the test PKI's
 * {@code localhost} certificate: a CIBA client notification endpoint (ping, push) that completes the future waiting
 * for its {@code client_notification_token} with the arrival time, and a minimal authentication device (stock
 * Keycloak's HTTP channel, FAPI Kit's webhook) that counts and answers, and hands the channel's bearer token to a
 * flow waiting for its binding message.
 */
final class Receiver implements AutoCloseable {

    /** What arrived at the notification endpoint and when ({@link System#nanoTime()} after the body was read). */
    record Arrival(long nanos, String body) {
    }

    private final HttpsServer server;
    private final Map<String, CompletableFuture<Arrival>> waiting = new ConcurrentHashMap<>();
    private final Map<String, CompletableFuture<String>> devices = new ConcurrentHashMap<>();
    final AtomicLong deviceCalls = new AtomicLong();

    Receiver(TestPki pki) throws IOException {
        server = HttpsServer.create(new InetSocketAddress("127.0.0.1", 0), 256);
        server.setHttpsConfigurator(new HttpsConfigurator(pki.sslContext(pki.serverCertificate())));
        server.setExecutor(Executors.newFixedThreadPool(16, r -> {
            Thread t = new Thread(r, "bench-receiver");
            t.setDaemon(true);
            return t;
        }));
        // CIBA Core §10.2/§10.3: the client notification endpoint, Authorization: Bearer <client_notification_token>
        server.createContext("/notify", exchange -> {
            String body;
            try (InputStream in = exchange.getRequestBody()) {
                body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
            long at = System.nanoTime();
            String auth = exchange.getRequestHeaders().getFirst("Authorization");
            String token = auth != null && auth.startsWith("Bearer ") ? auth.substring(7) : "";
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
            waiting.computeIfAbsent(token, k -> new CompletableFuture<>()).complete(new Arrival(at, body));
        });
        // the authentication device: stock's HTTP channel expects 201 Created, FAPI Kit's webhook any 2xx
        server.createContext("/device", exchange -> {
            byte[] body;
            try (InputStream in = exchange.getRequestBody()) {
                body = in.readAllBytes();
            }
            deviceCalls.incrementAndGet();
            String auth = exchange.getRequestHeaders().getFirst("Authorization");
            exchange.sendResponseHeaders(201, -1);
            exchange.close();
            // only while a flow waits for its channel request (section 2), so intake (section 3) pays no parsing
            if (!devices.isEmpty()) {
                String binding = Http.JSON.readTree(body).path("binding_message").asText();
                CompletableFuture<String> f = devices.remove(binding);
                if (f != null) {
                    f.complete(auth);
                }
            }
        });
        server.start();
    }

    String url(String path) {
        return "https://localhost:" + server.getAddress().getPort() + path;
    }

    /** The future completed when a notification with {@code Bearer token} arrives. */
    CompletableFuture<Arrival> expect(String token) {
        return waiting.computeIfAbsent(token, k -> new CompletableFuture<>());
    }

    /**
     * The future completed with the {@code Authorization} header of the authentication channel request (stock
     * Keycloak's HTTP channel) carrying {@code bindingMessage}: the bearer token its callback endpoint accepts.
     */
    CompletableFuture<String> expectDevice(String bindingMessage) {
        return devices.computeIfAbsent(bindingMessage, k -> new CompletableFuture<>());
    }

    void forget(String token) {
        waiting.remove(token);
    }

    void forgetDevice(String bindingMessage) {
        devices.remove(bindingMessage);
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
