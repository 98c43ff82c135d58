package dev.fapikit.it.harness;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;

/** The admin REST API ({@code /admin/realms/...}) as the bootstrap admin. */
public final class AdminApi {

    private final String baseUrl;
    private final HttpClient http;
    private String token;
    private Instant tokenTime = Instant.EPOCH;

    AdminApi(FapiKit kit) {
        this(kit.baseUrl(), kit.http(null));
    }

    private AdminApi(String baseUrl, HttpClient http) {
        this.baseUrl = baseUrl;
        this.http = http;
    }

    /** The admin API of another node (e.g. a stock one), through {@code http}. */
    public static AdminApi of(KeycloakServer server, HttpClient http) {
        return new AdminApi(server.baseUrl(), http);
    }

    /** GET {@code /admin/<path>} as JSON, failing on anything but 200. */
    public JsonNode get(String path) {
        HttpResponse<String> r = send("GET", path, null);
        if (r.statusCode() != 200) {
            throw new IllegalStateException("GET " + path + " → " + r.statusCode() + ": " + r.body());
        }
        return Http.json(r);
    }

    public HttpResponse<String> post(String path, Object body) {
        return send("POST", path, body);
    }

    public HttpResponse<String> put(String path, Object body) {
        return send("PUT", path, body);
    }

    public HttpResponse<String> delete(String path) {
        return send("DELETE", path, null);
    }

    /** Sends {@code body} (a JSON string, a {@link JsonNode} or any Jackson-serializable object) to {@code /admin/<path>}. */
    public HttpResponse<String> send(String method, String path, Object body) {
        try {
            String json = body == null ? null : body instanceof String s ? s : Http.JSON.writeValueAsString(body);
            HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(baseUrl + "/admin/" + path))
                    .header("Authorization", "Bearer " + token())
                    .method(method, json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json));
            if (json != null) {
                b.header("Content-Type", "application/json");
            }
            return Http.send(http, b.build());
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(e);
        }
    }

    private synchronized String token() {
        if (token == null || Duration.between(tokenTime, Instant.now()).toSeconds() > 30) {
            HttpResponse<String> r = Http.postForm(http, baseUrl + "/realms/master/protocol/openid-connect/token", Http.params(
                    "grant_type", "password", "client_id", "admin-cli",
                    "username", KeycloakServer.ADMIN_USER, "password", KeycloakServer.ADMIN_PASSWORD));
            if (r.statusCode() != 200) {
                throw new IllegalStateException("admin login failed: " + r.statusCode() + " " + r.body());
            }
            token = Http.json(r).get("access_token").asText();
            tokenTime = Instant.now();
        }
        return token;
    }
}
