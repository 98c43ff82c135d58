package dev.fapikit.ciba.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetSocketAddress;
import javax.net.ssl.SSLContext;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

import com.sun.net.httpserver.HttpServer;
import org.awaitility.Awaitility;
import dev.fapikit.core.outbound.PinnedPoster;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** The retry policy of {@link NotificationDelivery} against a real HTTP receiver (events are not recorded here). */
class NotificationDeliveryTest {

    private final ScheduledExecutorService executor = Executors.newScheduledThreadPool(2);
    private final java.util.concurrent.ExecutorService senders = Executors.newCachedThreadPool();

    private static SSLContext defaultTls() {
        try {
            return SSLContext.getDefault();
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
    private final List<String> received = new CopyOnWriteArrayList<>();
    private HttpServer server;

    @AfterEach
    void stop() {
        if (server != null) server.stop(0);
        executor.shutdownNow();
        senders.shutdownNow();
    }

    private String receiver(int status) throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            received.add(exchange.getRequestURI().getPath() + " " + exchange.getRequestHeaders().getFirst("Authorization"));
            if (status / 100 == 3) exchange.getResponseHeaders().add("Location", "/elsewhere");
            exchange.sendResponseHeaders(status, -1);
            exchange.close();
        });
        server.start();
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/cb";
    }

    private NotificationDelivery delivery(String... allowed) {
        return delivery(Duration.ofSeconds(2), allowed);
    }

    private NotificationDelivery delivery(Duration timeout, String... allowed) {
        OutboundUrlGuard guard = new OutboundUrlGuard(Set.of(allowed));
        PinnedPoster http = new PinnedPoster(guard, defaultTls(), 1000, (int) timeout.toMillis());
        return new NotificationDelivery(null, http, guard, timeout, 3, 50, executor, senders);
    }

    private static NotificationDelivery.Notification to(String url) {
        return new NotificationDelivery.Notification("realm", "client", url, "cnt", "push", "id-1", "{}");
    }

    @ParameterizedTest(name = "HTTP {0} → {1} request(s)")
    @CsvSource({"204, 1", "200, 1", "400, 1", "401, 1", "403, 1", "302, 1", "500, 3", "503, 3"})
    @DisplayName("2xx, 3xx and 4xx are final; 5xx is retried up to the maximum")
    void retriesOnlyServerErrors(int status, int expected) throws Exception {
        String url = receiver(status);
        delivery("127.0.0.1").send(to(url));
        settlesAt(expected);
        assertThat(received).hasSize(expected).allMatch(r -> r.equals("/cb Bearer cnt"));
    }

    @Test
    @DisplayName("a connection dropped without an answer (as a stale pooled one) is retried on a new connection")
    void droppedConnectionIsRetried() throws Exception {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            received.add(exchange.getRequestURI().getPath());
            if (received.size() == 1) {
                exchange.close(); // no status line: the client sees the connection end
                return;
            }
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        server.start();
        delivery("127.0.0.1").send(to("http://127.0.0.1:" + server.getAddress().getPort() + "/cb"));
        settlesAt(2);
        assertThat(received).hasSize(2);
    }

    @Test
    @DisplayName("a receiver that took the request but answers after the timeout gets it once: no duplicate")
    void slowReceiverIsNotSentTheNotificationTwice() throws Exception {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(Executors.newCachedThreadPool());
        // the receiver holds every request until the test lets it answer: far beyond the 1 s timeout (long enough for a
        // loaded machine's receiver to read the request: on a timeout the client drops the connection, and a request
        // the receiver had not read yet would be lost, not duplicated)
        java.util.concurrent.CountDownLatch answer = new java.util.concurrent.CountDownLatch(1);
        server.createContext("/", exchange -> {
            received.add(exchange.getRequestURI().getPath());
            try {
                answer.await(40, java.util.concurrent.TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        server.start();
        try {
            delivery(Duration.ofSeconds(1), "127.0.0.1").send(to("http://127.0.0.1:" + server.getAddress().getPort() + "/cb"));
            settlesAt(1, Duration.ofSeconds(3)); // timed out after 1 s, and no second copy within 3 s
        } finally {
            answer.countDown();
        }
        assertThat(received).hasSize(1);
    }

    @Test
    @DisplayName("a loopback endpoint that is not allow-listed is never contacted")
    void guardRefusesBeforeConnecting() throws Exception {
        String url = receiver(204);
        delivery().send(to(url));
        settlesAt(0);
        assertThat(received).isEmpty();
    }

    @Test
    @DisplayName("DNS rebinding: a host public when the URL is checked but loopback when the connection is opened is never contacted")
    void rebindingHostIsNeverConnected() throws Exception {
        java.util.concurrent.atomic.AtomicInteger lookups = new java.util.concurrent.atomic.AtomicInteger();
        java.util.concurrent.atomic.AtomicInteger accepted = new java.util.concurrent.atomic.AtomicInteger();
        try (java.net.ServerSocket listener = new java.net.ServerSocket(0, 50, java.net.InetAddress.getByName("127.0.0.1"))) {
            Thread acceptor = new Thread(() -> {
                while (!listener.isClosed()) {
                    try (java.net.Socket ignored = listener.accept()) {
                        accepted.incrementAndGet();
                    } catch (IOException e) {
                        return;
                    }
                }
            });
            acceptor.setDaemon(true);
            acceptor.start();
            // first answer public (the URL check), every later one loopback (the connection)
            OutboundUrlGuard guard = new OutboundUrlGuard(Set.of(), host -> new java.net.InetAddress[] {
                    java.net.InetAddress.getByName(lookups.getAndIncrement() == 0 ? "93.184.216.34" : "127.0.0.1")});
            PinnedPoster http = new PinnedPoster(guard, defaultTls(), 1000, 1000);
            NotificationDelivery delivery = new NotificationDelivery(null, http, guard, Duration.ofSeconds(1), 3, 50, executor, senders);
            delivery.send(to("https://rebind.example:" + listener.getLocalPort() + "/cb"));
            Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> lookups.get() >= 2);
            Awaitility.await().during(Duration.ofMillis(1500)).atMost(Duration.ofSeconds(5)).until(() -> accepted.get() == 0);
            assertThat(lookups.get()).as("checked once, resolved once more by the connection, refused, not retried").isEqualTo(2);
        }
    }

    /**
     * Waits (30 s at most: a loaded build machine) until {@code count} requests arrived, then until that count held for a second and a half:
     * longer than every backoff and timeout the deliveries here use, so a duplicate or a retry would have arrived.
     */
    private void settlesAt(int count) {
        settlesAt(count, Duration.ofMillis(1500));
    }

    private void settlesAt(int count, Duration quiet) {
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> received.size() >= count);
        Awaitility.await().during(quiet).atMost(quiet.plusSeconds(5)).until(() -> received.size() == count);
    }
}
