package dev.fapikit.core.outbound;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import javax.net.ssl.SSLContext;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class OutboundHttpTest {

    private HttpServer server;
    private final List<String> hosts = new CopyOnWriteArrayList<>();

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/jwks", exchange -> {
            hosts.add(exchange.getRequestHeaders().getFirst("Host"));
            byte[] body = "{\"keys\":[]}".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.createContext("/moved", exchange -> {
            exchange.getResponseHeaders().add("Location", "http://127.0.0.1:" + server.getAddress().getPort() + "/jwks");
            exchange.sendResponseHeaders(302, -1);
            exchange.close();
        });
        server.createContext("/big", exchange -> {
            exchange.sendResponseHeaders(200, 0);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(new byte[4096]);
            }
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private OutboundGuard.Target pinned(String path) {
        // a name no DNS knows, pinned to the address the guard checked
        return new OutboundGuard.Target(URI.create("http://keys.pinned.invalid:" + server.getAddress().getPort() + path),
                "keys.pinned.invalid", new InetAddress[] {InetAddress.getLoopbackAddress()});
    }

    private static OutboundHttp http(int maxBytes) throws Exception {
        return new OutboundHttp(SSLContext.getDefault(), 2000, maxBytes);
    }

    @Test
    @DisplayName("the fetch connects to the pinned address without resolving the name again, and sends the URL's host")
    void connectsToThePinnedAddress() throws Exception {
        byte[] body = http(1024).get(pinned("/jwks"), "application/json");
        assertThat(new String(body, StandardCharsets.UTF_8)).isEqualTo("{\"keys\":[]}");
        assertThat(hosts).containsExactly("keys.pinned.invalid:" + server.getAddress().getPort());
    }

    @Test
    @DisplayName("a redirect is not followed (its target was never checked)")
    void redirectNotFollowed() {
        assertThatThrownBy(() -> http(1024).get(pinned("/moved"), "application/json")).isInstanceOf(IOException.class)
                .hasMessageContaining("302");
        assertThat(hosts).isEmpty();
    }

    @Test
    @DisplayName("an answer larger than the limit fails")
    void bodyIsBounded() {
        assertThatThrownBy(() -> http(1024).get(pinned("/big"), "application/json")).isInstanceOf(IOException.class)
                .hasMessageContaining("larger than 1024");
    }
}
