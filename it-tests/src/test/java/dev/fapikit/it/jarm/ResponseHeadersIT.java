package dev.fapikit.it.jarm;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import dev.fapikit.it.harness.FapiKit;
import dev.fapikit.it.harness.FapiKitServer;
import dev.fapikit.it.harness.Http;

/**
 * Issue #17: the conformance suite checks a {@code Date} header on resource responses (RFC 9110 §6.6.1: an origin
 * server with a clock MUST send one in 2xx, 3xx and 4xx responses) and {@code x-fapi-interaction-id} on the resource
 * (FAPI 1.0 Part 1 §6.2.1-11: echo the client's value or send a new UUID). Here for token, PAR, introspection and
 * userinfo, success and refusal.
 */
@FapiKitServer
class ResponseHeadersIT {

    private static final String CLIENT = "headers-app";
    private static final String REDIRECT = "https://client.example.test/cb";
    private static String realm;

    @BeforeAll
    static void realm(FapiKit kit) {
        ObjectNode client = JarmRealm.client(CLIENT, REDIRECT, Map.of());
        client.put("directAccessGrantsEnabled", true);
        realm = JarmRealm.importRealmWithoutPolicies(kit, "jarm-realm.json", "headers", client);
    }

    @Test
    @DisplayName("token, PAR, introspection and userinfo answer with a current IMF-fixdate Date header")
    void dateOnEveryEndpoint(FapiKit kit) {
        String accessToken = Http.json(token(kit)).get("access_token").asText();
        assertDate(token(kit));
        assertDate(Http.postForm(kit.http(null), kit.oidcUrl(realm) + "/token", Http.params("grant_type", "password",
                "client_id", CLIENT, "client_secret", "wrong", "username", "alice", "password", "x")));
        assertDate(Http.postForm(kit.http(null), kit.oidcUrl(realm) + "/ext/par/request", Http.params("client_id", CLIENT,
                "client_secret", JarmRealm.secret(CLIENT), "response_type", "code", "scope", "openid",
                "redirect_uri", REDIRECT)));
        assertDate(Http.postForm(kit.http(null), kit.oidcUrl(realm) + "/token/introspect", Http.params("client_id", CLIENT,
                "client_secret", JarmRealm.secret(CLIENT), "token", accessToken)));
        assertDate(Http.get(kit.http(null), kit.oidcUrl(realm) + "/userinfo", "Authorization", "Bearer " + accessToken));
        assertDate(Http.get(kit.http(null), kit.oidcUrl(realm) + "/userinfo", "Authorization", "Bearer not-a-token"));
    }

    @Test
    @DisplayName("userinfo echoes the client's x-fapi-interaction-id, or sends a new UUID")
    void interactionId(FapiKit kit) {
        String accessToken = Http.json(token(kit)).get("access_token").asText();
        String sent = UUID.randomUUID().toString();
        HttpResponse<String> echoed = Http.send(kit.http(null), HttpRequest.newBuilder(URI.create(kit.oidcUrl(realm) + "/userinfo"))
                .header("Authorization", "Bearer " + accessToken).header("x-fapi-interaction-id", sent).GET().build());
        assertThat(echoed.statusCode()).as(echoed.body()).isEqualTo(200);
        assertThat(echoed.headers().firstValue("x-fapi-interaction-id")).hasValue(sent);

        HttpResponse<String> generated = Http.get(kit.http(null), kit.oidcUrl(realm) + "/userinfo", "Authorization", "Bearer " + accessToken);
        assertThat(generated.statusCode()).as(generated.body()).isEqualTo(200);
        assertThat(UUID.fromString(generated.headers().firstValue("x-fapi-interaction-id").orElseThrow())).isNotNull();
    }

    private static HttpResponse<String> token(FapiKit kit) {
        HttpResponse<String> token = Http.postForm(kit.http(null), kit.oidcUrl(realm) + "/token", Http.params(
                "grant_type", "password", "client_id", CLIENT, "client_secret", JarmRealm.secret(CLIENT),
                "username", JarmRealm.USER, "password", JarmRealm.PASSWORD, "scope", "openid"));
        assertThat(token.statusCode()).as(token.body()).isEqualTo(200);
        return token;
    }

    private static void assertDate(HttpResponse<String> response) {
        assertThat(response.statusCode()).as(response.body()).isLessThan(500);
        String date = response.headers().firstValue("Date").orElseThrow(
                () -> new AssertionError("no Date header on HTTP " + response.statusCode() + " " + response.uri()));
        // RFC 9110 §5.6.7: IMF-fixdate
        Instant sent = ZonedDateTime.parse(date, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
        assertThat(Duration.between(sent, Instant.now()).abs()).isLessThan(Duration.ofMinutes(2));
        assertThat(date).matches("[A-Z][a-z]{2}, \\d{2} [A-Z][a-z]{2} \\d{4} \\d{2}:\\d{2}:\\d{2} GMT");
    }
}
