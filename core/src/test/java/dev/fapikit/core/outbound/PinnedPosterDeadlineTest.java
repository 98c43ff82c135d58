package dev.fapikit.core.outbound;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.SSLContext;

import org.junit.jupiter.api.Test;

/**
 * The timeout of a PinnedPoster is a deadline for the whole request, not a socket inactivity timeout: a receiver
 * that answers one header byte every 200 ms is cut off near the timeout instead of holding a sender; the java.net.http client it
 * replaced had a whole-request timeout too (review of issue 16 §5, finding 3).
 */
class PinnedPosterDeadlineTest {

    @Test
    void aTricklingReceiverIsCutOffNearTheConfiguredTimeout() throws Exception {
        ScheduledExecutorService trickle = Executors.newScheduledThreadPool(1);
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Thread acceptor = new Thread(() -> {
                try {
                    Socket s = server.accept();
                    InputStream in = s.getInputStream();
                    in.read(new byte[8192]); // the request (small)
                    OutputStream out = s.getOutputStream();
                    out.write("HTTP/1.1 200 OK\r\nX-Slow: ".getBytes(StandardCharsets.US_ASCII));
                    out.flush();
                    // one byte every 200 ms for ~6 s: never idle for 500 ms
                    trickle.scheduleAtFixedRate(() -> {
                        try {
                            out.write('a');
                            out.flush();
                        } catch (IOException e) {
                            throw new RuntimeException(e);
                        }
                    }, 200, 200, TimeUnit.MILLISECONDS);
                } catch (IOException e) {
                    // test over
                }
            });
            acceptor.setDaemon(true);
            acceptor.start();
            OutboundGuard guard = new OutboundGuard(Set.of("127.0.0.1"));
            try (PinnedPoster poster = new PinnedPoster(guard, SSLContext.getDefault(), 500, 500)) {
                URI uri = URI.create("http://127.0.0.1:" + server.getLocalPort() + "/cb");
                // the configured timeout is 500 ms; allow 3 s before calling it unbounded
                assertTimeoutPreemptively(Duration.ofSeconds(3), () ->
                        assertThrows(IOException.class, () -> poster.post(uri, "application/json", Map.of(), "{}")));
            }
        } finally {
            trickle.shutdownNow();
        }
    }
}
