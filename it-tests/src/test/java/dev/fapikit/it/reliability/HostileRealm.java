package dev.fapikit.it.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Base64;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.fapikit.it.KeycloakAnswers;
import dev.fapikit.it.harness.FapiKit;
import dev.fapikit.it.harness.Http;

/**
 * A realm of its own for the reliability tests, from {@code reliability/hostile-realm.json}: CIBA clients with client
 * secrets ({@code speaker} poll with every hint type, {@code kiosk} poll with login_hint only, {@code pos-ping} ping),
 * an authenticator app that may request scope {@code fapi-kit-ciba-approver}, users alice and bob (password
 * {@code <user>-pw}).
 */
final class HostileRealm {

    static final String CIBA_GRANT = "urn:openid:params:grant-type:ciba";

    final FapiKit kit;
    final String name;
    final HttpClient http;
    private final Map<String, CachedToken> listTokens = new java.util.concurrent.ConcurrentHashMap<>();

    private record CachedToken(String token, java.time.Instant issued) {
    }

    private HostileRealm(FapiKit kit, String name) {
        this.kit = kit;
        this.name = name;
        this.http = kit.http(null);
    }

    static HostileRealm create(FapiKit kit, String prefix) {
        String name = prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
        ObjectNode realm = (ObjectNode) resource("reliability/hostile-realm.json");
        realm.put("realm", name);
        HttpResponse<String> created = kit.admin().post("realms", realm);
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        HostileRealm r = new HostileRealm(kit, name);
        // the approver scope as an optional scope of the app (a realm import with clientScopes would drop the defaults)
        HttpResponse<String> scope = kit.admin().post("realms/" + name + "/client-scopes", Map.of(
                "name", "fapi-kit-ciba-approver", "protocol", "openid-connect",
                "attributes", Map.of("include.in.token.scope", "true", "display.on.consent.screen", "false")));
        assertThat(scope.statusCode()).as(scope.body()).isEqualTo(201);
        String location = scope.headers().firstValue("Location").orElseThrow();
        String app = kit.admin().get("realms/" + name + "/clients?clientId=authenticator-app").get(0).get("id").asText();
        assertThat(kit.admin().put("realms/" + name + "/clients/" + app + "/optional-client-scopes/"
                + location.substring(location.lastIndexOf('/') + 1), null).statusCode()).isEqualTo(204);
        return r;
    }

    static JsonNode resource(String path) {
        try (InputStream in = HostileRealm.class.getClassLoader().getResourceAsStream(path)) {
            return Http.JSON.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    String url() {
        return kit.realmUrl(name);
    }

    String oidc() {
        return kit.oidcUrl(name);
    }

    String appApi() {
        return url() + "/fapi-kit-ciba/app";
    }

    String basic(String clientId) {
        return "Basic " + Base64.getEncoder().encodeToString((clientId + ":" + clientId + "-secret").getBytes());
    }

    /** A form POST with {@code client_secret_basic}. */
    HttpResponse<String> post(String url, String clientId, String form) {
        return Http.send(http, HttpRequest.newBuilder(URI.create(url))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Authorization", basic(clientId))
                .POST(HttpRequest.BodyPublishers.ofString(form)).build());
    }

    HttpResponse<String> backchannel(String clientId, Map<String, String> params) {
        return post(oidc() + "/ext/ciba/auth", clientId, Http.form(params));
    }

    /** An access token of the authenticator app for {@code user}. */
    String appToken(String user, boolean approverScope) {
        HttpResponse<String> r = Http.postForm(http, oidc() + "/token", Http.params("grant_type", "password",
                "client_id", "authenticator-app", "username", user, "password", user + "-pw",
                "scope", approverScope ? "openid fapi-kit-ciba-approver" : "openid"));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return Http.json(r).get("access_token").asText();
    }

    HttpResponse<String> app(String method, String token, String path) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(appApi() + path))
                .method(method, HttpRequest.BodyPublishers.noBody());
        if (token != null) b.header("Authorization", "Bearer " + token);
        return Http.send(http, b.build());
    }

    /** The user's pending requests as the authenticator app lists them (app token reused for up to a minute). */
    JsonNode pending(String user) {
        CachedToken t = listTokens.compute(user, (u, old) -> old != null && old.issued.plusSeconds(60).isAfter(java.time.Instant.now())
                ? old : new CachedToken(appToken(u, true), java.time.Instant.now()));
        HttpResponse<String> r = app("GET", t.token, "/requests");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return Http.json(r).get("requests");
    }

    int clientCount() {
        return kit.admin().get("realms/" + name + "/clients?briefRepresentation=true&max=1000").size();
    }

    /** An initial access token for dynamic client registration (RFC 7591 §3) in {@code realm}. */
    static String initialAccessToken(FapiKit kit, String realm) {
        HttpResponse<String> r = kit.admin().post("realms/" + realm + "/clients-initial-access",
                Map.of("expiration", 3600, "count", 1000));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(KeycloakAnswers.initialAccessCreated()); // 201 from Keycloak 26.7, 200 before
        return Http.json(r).get("token").asText();
    }
}
