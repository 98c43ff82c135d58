package dev.fapikit.it.reliability;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;
import org.bouncycastle.asn1.x509.GeneralName;

import dev.fapikit.it.harness.ClientCert;
import dev.fapikit.it.harness.Http;
import dev.fapikit.it.harness.TestPki;

/**
 * A CIBA client's notification endpoint on loopback for the cluster tests: HTTPS with a {@code localhost} certificate of
 * the test PKI (which the nodes trust), several threads (so a burst of notifications from two nodes is taken as it
 * comes), answers 204, and records each request by path and {@code auth_req_id}.
 */
final class NotificationReceiver implements AutoCloseable {

    record Received(String path, String authorization, JsonNode body) {
        String authReqId() {
            return body.path("auth_req_id").asText();
        }
    }

    private final HttpsServer server;
    private final ExecutorService threads = Executors.newFixedThreadPool(8);
    private final List<Received> received = new CopyOnWriteArrayList<>();

    NotificationReceiver(TestPki pki) throws IOException {
        ClientCert cert = pki.issue(TestPki.CertSpec.named("cluster-receiver").subject("CN=localhost").serverAuth()
                .san(new GeneralName(GeneralName.dNSName, "localhost")));
        server = HttpsServer.create(new InetSocketAddress("127.0.0.1", 0), 200);
        server.setHttpsConfigurator(new HttpsConfigurator(pki.sslContext(cert)));
        server.setExecutor(threads);
        server.createContext("/", exchange -> {
            try (InputStream in = exchange.getRequestBody()) {
                String body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
                received.add(new Received(exchange.getRequestURI().getPath(), exchange.getRequestHeaders().getFirst("Authorization"),
                        Http.JSON.readTree(body.isEmpty() ? "{}" : body)));
            } catch (RuntimeException | IOException e) {
                received.add(new Received(exchange.getRequestURI().getPath(), null, Http.JSON.createObjectNode().put("unreadable", e.toString())));
            }
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        server.start();
    }

    /** {@code https://localhost:<port><path>} (localhost is allow-listed on the test nodes). */
    String url(String path) {
        return "https://localhost:" + server.getAddress().getPort() + path;
    }

    List<Received> received() {
        return received;
    }

    List<Received> at(String path) {
        return received.stream().filter(r -> r.path().equals(path)).toList();
    }

    /** How many notifications each auth_req_id got at {@code path}. */
    Map<String, Integer> countsAt(String path) {
        Map<String, Integer> counts = new ConcurrentHashMap<>();
        at(path).forEach(r -> counts.merge(r.authReqId(), 1, Integer::sum));
        return counts;
    }

    /**
     * Waits up to {@code seconds} until {@code path} got at least {@code count} requests; returns what arrived by then,
     * also when that is fewer (the load test counts and reports the missing ones).
     */
    List<Received> await(String path, int count, int seconds) {
        try {
            Awaitility.await().atMost(Duration.ofSeconds(seconds)).pollInterval(Duration.ofMillis(50)).until(() -> at(path).size() >= count);
        } catch (ConditionTimeoutException fewer) {
            // reported by the caller
        }
        return at(path);
    }

    /** Waits up to {@code seconds} until {@code path} got a notification for {@code authReqId}; fails if none arrives. */
    void awaitFor(String path, String authReqId, int seconds) {
        Awaitility.await("a notification at " + path + " for " + authReqId).atMost(Duration.ofSeconds(seconds))
                .pollInterval(Duration.ofMillis(50)).until(() -> at(path).stream().anyMatch(r -> r.authReqId().equals(authReqId)));
    }

    @Override
    public void close() {
        server.stop(0);
        threads.shutdownNow();
    }
}
