package dev.fapikit.tools.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;

import dev.fapikit.it.harness.ClientCert;
import dev.fapikit.it.harness.Http;
import dev.fapikit.it.harness.KeycloakServer;
import dev.fapikit.it.harness.TestPki;

/** A running node as the benchmark uses it: its URLs, HTTP clients, the admin REST API and its JVM's heap. */
final class Node {

    final String name;
    final KeycloakServer server;
    final TestPki pki;
    private final HttpClient plain;
    private String adminToken;
    private long adminTokenAt;

    Node(String name, KeycloakServer server, TestPki pki) {
        this.name = name;
        this.server = server;
        this.pki = pki;
        this.plain = http(null);
    }

    String base() {
        return server.baseUrl();
    }

    String realmUrl(String realm) {
        return base() + "/realms/" + realm;
    }

    String oidc(String realm) {
        return realmUrl(realm) + "/protocol/openid-connect";
    }

    /** A client of its own (own connection) presenting {@code cert} or no certificate, HTTP/1.1, no redirects. */
    HttpClient http(ClientCert cert) {
        return HttpClient.newBuilder().sslContext(pki.sslContext(cert)).version(HttpClient.Version.HTTP_1_1)
                .followRedirects(HttpClient.Redirect.NEVER).connectTimeout(Duration.ofSeconds(10)).build();
    }

    HttpClient plain() {
        return plain;
    }

    /** Sends {@code body} (JSON text or a Jackson-serializable object) to {@code /admin/<path>}. */
    HttpResponse<String> admin(String method, String path, Object body) {
        try {
            String json = body == null ? null : body instanceof String s ? s : Http.JSON.writeValueAsString(body);
            HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base() + "/admin/" + path))
                    .timeout(Duration.ofMinutes(5))
                    .header("Authorization", "Bearer " + adminToken())
                    .method(method, json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json));
            if (json != null) {
                b.header("Content-Type", "application/json");
            }
            return Http.send(plain, b.build());
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalArgumentException(e);
        }
    }

    JsonNode adminGet(String path) {
        return Http.json(expect(admin("GET", path, null), 200, "GET " + path));
    }

    static HttpResponse<String> expect(HttpResponse<String> r, int status, String what) {
        if (r.statusCode() != status) {
            throw new IllegalStateException(what + " → HTTP " + r.statusCode() + ": " + r.body());
        }
        return r;
    }

    String clientUuid(String realm, String clientId) {
        return adminGet("realms/" + realm + "/clients?clientId=" + Http.enc(clientId)).get(0).get("id").asText();
    }

    private synchronized String adminToken() {
        if (adminToken == null || System.currentTimeMillis() - adminTokenAt > 30_000) {
            HttpResponse<String> r = Http.postForm(plain, oidc("master") + "/token", Http.params("grant_type", "password",
                    "client_id", "admin-cli", "username", KeycloakServer.ADMIN_USER, "password", KeycloakServer.ADMIN_PASSWORD));
            adminToken = Http.json(expect(r, 200, "admin sign-in")).get("access_token").asText();
            adminTokenAt = System.currentTimeMillis();
        }
        return adminToken;
    }

    /** The Keycloak JVM of this node (the child of kc.sh). */
    Optional<ProcessHandle> jvm() {
        String home = server.home().toString();
        return ProcessHandle.allProcesses()
                .filter(p -> p.info().command().map(c -> c.endsWith("/java")).orElse(false))
                .filter(p -> p.info().arguments().map(a -> String.join(" ", a).contains(home)).orElse(false))
                .findFirst();
    }

    /**
     * Heap in use after a full GC, in MiB: {@code jcmd <pid> GC.run}, then the sum of Keycloak's
     * {@code jvm_memory_used_bytes{area="heap"}} on the management interface's metrics endpoint.
     */
    double heapAfterGcMiB() {
        long pid = jvm().orElseThrow(() -> new IllegalStateException("no Keycloak JVM found for " + name)).pid();
        try {
            Process p = new ProcessBuilder("jcmd", Long.toString(pid), "GC.run").redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            p.waitFor();
            Thread.sleep(300);
        } catch (Exception e) {
            throw new IllegalStateException("jcmd GC.run failed", e);
        }
        String metrics = Http.get(plain, "https://localhost:" + server.managementPort() + "/metrics").body();
        double bytes = 0;
        for (String line : metrics.lines().toList()) {
            if (line.startsWith("jvm_memory_used_bytes{") && line.contains("area=\"heap\"")) {
                bytes += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        return bytes / (1024 * 1024);
    }
}
