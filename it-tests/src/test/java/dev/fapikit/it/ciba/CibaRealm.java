package dev.fapikit.it.ciba;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.URI;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.fapikit.it.Polling;
import dev.fapikit.it.harness.Browser;
import dev.fapikit.it.harness.FapiKit;
import dev.fapikit.it.harness.Http;

/**
 * A realm of its own per test class, from {@code ciba/ciba-device-realm.json}: CIBA clients authenticating with client
 * secrets ({@code speaker} poll, {@code pos-ping} ping, {@code kiosk} poll with only login_hint), an authenticator app
 * allowed to request scope {@code fapi-kit-ciba-approver}, and users alice and bob.
 */
public final class CibaRealm {

    public static final String CIBA_GRANT = "urn:openid:params:grant-type:ciba";

    public final FapiKit kit;
    public final String name;
    public final HttpClient http;

    private CibaRealm(FapiKit kit, String name) {
        this.kit = kit;
        this.name = name;
        this.http = kit.http(null);
    }

    public static CibaRealm create(FapiKit kit, String prefix) {
        String name = prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
        ObjectNode realm = (ObjectNode) resource("ciba/ciba-device-realm.json");
        realm.put("realm", name);
        assertThat(kit.admin().post("realms", realm).statusCode()).isEqualTo(201);
        CibaRealm r = new CibaRealm(kit, name);
        for (JsonNode scope : resource("ciba/client-scopes.json")) {
            ObjectNode rep = ((ObjectNode) scope).deepCopy();
            rep.remove("optionalFor");
            HttpResponse<String> created = kit.admin().post("realms/" + name + "/client-scopes", rep);
            assertThat(created.statusCode()).isEqualTo(201);
            String location = created.headers().firstValue("Location").orElseThrow();
            String scopeId = location.substring(location.lastIndexOf('/') + 1);
            for (JsonNode clientId : scope.get("optionalFor")) {
                assertThat(kit.admin().put("realms/" + name + "/clients/" + r.clientUuid(clientId.asText())
                        + "/optional-client-scopes/" + scopeId, null).statusCode()).isEqualTo(204);
            }
        }
        return r;
    }

    public static JsonNode resource(String path) {
        try (InputStream in = CibaRealm.class.getClassLoader().getResourceAsStream(path)) {
            return Http.JSON.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public String oidc() {
        return kit.oidcUrl(name);
    }

    public String issuer() {
        return kit.realmUrl(name);
    }

    public String approvalPage() {
        return kit.realmUrl(name) + "/fapi-kit-ciba/approvals";
    }

    /** A browser signed in to the approval page as {@code user} (password {@code <user>-pw}), showing the page. */
    public Browser signedInToApprovalPage(String user) {
        Browser browser = kit.browser();
        browser.open(approvalPage(), kit.baseUrl());
        browser.submit("login-actions/authenticate", Map.of("username", user, "password", user + "-pw"), kit.baseUrl());
        assertThat(browser.last().uri().toString()).isEqualTo(approvalPage());
        assertThat(browser.last().statusCode()).isEqualTo(200);
        return browser;
    }

    public String appApi() {
        return kit.realmUrl(name) + "/fapi-kit-ciba/app";
    }

    public String clientUuid(String clientId) {
        return kit.admin().get("realms/" + name + "/clients?clientId=" + clientId).get(0).get("id").asText();
    }

    public String userId(String username) {
        return kit.admin().get("realms/" + name + "/users?exact=true&username=" + username).get(0).get("id").asText();
    }

    /** Sets realm attributes (notification channels, webhook URL). */
    public void realmAttributes(Map<String, String> attributes) {
        ObjectNode rep = (ObjectNode) kit.admin().get("realms/" + name);
        ObjectNode attrs = rep.with("attributes");
        attributes.forEach(attrs::put);
        assertThat(kit.admin().put("realms/" + name, rep).statusCode()).isEqualTo(204);
    }

    public void realmSettings(Map<String, Object> settings) {
        ObjectNode rep = (ObjectNode) kit.admin().get("realms/" + name);
        settings.forEach((k, v) -> rep.set(k, Http.JSON.valueToTree(v)));
        assertThat(kit.admin().put("realms/" + name, rep).statusCode()).isEqualTo(204);
    }

    public void clientAttributes(String clientId, Map<String, String> attributes) {
        String uuid = clientUuid(clientId);
        ObjectNode rep = (ObjectNode) kit.admin().get("realms/" + name + "/clients/" + uuid);
        ObjectNode attrs = rep.with("attributes");
        attributes.forEach(attrs::put);
        assertThat(kit.admin().put("realms/" + name + "/clients/" + uuid, rep).statusCode()).isEqualTo(204);
    }

    /** CIBA Core §7.1 backchannel authentication request, client_secret_basic. */
    public HttpResponse<String> backchannel(String clientId, Map<String, String> params) {
        return post(oidc() + "/ext/ciba/auth", clientId, params);
    }

    /** A backchannel request expected to succeed; returns its auth_req_id. */
    public String startAs(String clientId, String... params) {
        Map<String, String> p = new LinkedHashMap<>(Http.params("scope", "openid"));
        p.putAll(Http.params(params));
        HttpResponse<String> r = backchannel(clientId, p);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return Http.json(r).get("auth_req_id").asText();
    }

    /** CIBA Core §10.1 token request. */
    public HttpResponse<String> token(String clientId, String authReqId) {
        return post(oidc() + "/token", clientId, Http.params("grant_type", CIBA_GRANT, "auth_req_id", authReqId));
    }

    public HttpResponse<String> post(String url, String clientId, Map<String, String> params) {
        String basic = Base64.getEncoder().encodeToString((clientId + ":" + clientId + "-secret").getBytes());
        return Http.send(http, HttpRequest.newBuilder(URI.create(url))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Authorization", "Basic " + basic)
                .POST(HttpRequest.BodyPublishers.ofString(Http.form(params))).build());
    }

    /** An access token of the authenticator app for {@code user}, with or without the approver scope. */
    public String appToken(String user, boolean approverScope) {
        // Keycloak's blocking brute-force protector refuses a login while the same user's previous one is still being
        // recorded on its background thread (400 "user_temporarily_disabled"); a test that signs in twice in a row
        // asks again until that record is written.
        HttpResponse<String> r = Polling.until(Duration.ofSeconds(5), Duration.ofMillis(200),
                () -> Http.postForm(http, oidc() + "/token", Http.params("grant_type", "password",
                        "client_id", "authenticator-app", "username", user, "password", user + "-pw",
                        "scope", approverScope ? "openid fapi-kit-ciba-approver" : "openid")),
                answer -> answer.statusCode() != 400);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return Http.json(r).get("access_token").asText();
    }

    public HttpResponse<String> appGet(String token, String path) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(appApi() + path)).GET();
        if (token != null) b.header("Authorization", "Bearer " + token);
        return Http.send(http, b.build());
    }

    public HttpResponse<String> appPost(String token, String path) {
        return Http.send(http, HttpRequest.newBuilder(URI.create(appApi() + path))
                .header("Authorization", "Bearer " + token).POST(HttpRequest.BodyPublishers.noBody()).build());
    }

    /** The id of the user's pending request whose binding_message is {@code bindingMessage}. */
    public String pendingId(String appToken, String bindingMessage) {
        HttpResponse<String> r = appGet(appToken, "/requests");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        for (JsonNode req : Http.json(r).get("requests")) {
            if (bindingMessage.equals(req.path("binding_message").asText())) {
                return req.get("id").asText();
            }
        }
        throw new AssertionError("no pending request with binding_message " + bindingMessage + ": " + r.body());
    }

    /** Denies every pending request of {@code user} (frees the per-user slots between tests). */
    public void denyAll(String user) {
        String app = appToken(user, true);
        for (JsonNode req : Http.json(appGet(app, "/requests")).get("requests")) {
            appPost(app, "/requests/" + req.get("id").asText() + "/deny");
        }
    }

    /** Approves the pending request with {@code bindingMessage} in the app and returns the token response. */
    public JsonNode approveAndPoll(String clientId, String authReqId, String user, String bindingMessage) {
        String app = appToken(user, true);
        assertThat(appPost(app, "/requests/" + pendingId(app, bindingMessage) + "/approve").statusCode()).isEqualTo(200);
        // no wait: a decided request is answered at once, whatever the polling interval (CIBA Core §7.3, FapiKitCibaGrantType)
        HttpResponse<String> tokens = token(clientId, authReqId);
        assertThat(tokens.statusCode()).as(tokens.body()).isEqualTo(200);
        return Http.json(tokens);
    }

    /**
     * The token request as answered once the polling interval (realm cibaInterval = 1 s) since the client's last poll
     * has passed: asks until the answer is not slow_down (CIBA Core §7.3, §11; a decided request is answered at once).
     */
    public HttpResponse<String> tokenAfterInterval(String clientId, String authReqId) {
        return afterInterval(Duration.ofSeconds(1), () -> token(clientId, authReqId));
    }

    /**
     * CIBA Core §11: {@code poll} (a token request) asked until the answer is not slow_down, for at most the realm's
     * polling {@code interval} and 2 s more. A slow_down answer does not restart the interval (Keycloak keeps the time of
     * the last allowed poll, DeviceGrantType.isPollingAllowed), so asking every 200 ms changes nothing.
     */
    public static HttpResponse<String> afterInterval(Duration interval, Supplier<HttpResponse<String>> poll) {
        return Polling.until(interval.plusSeconds(2), Duration.ofMillis(200), poll::get, r -> !"slow_down".equals(error(r)));
    }

    /**
     * CIBA Core §11: {@code poll} asked until the request is no longer pending (neither authorization_pending nor
     * slow_down), for at most {@code atMost}; returns that answer.
     */
    public static HttpResponse<String> untilNotPending(Duration atMost, Supplier<HttpResponse<String>> poll) {
        return Polling.until(atMost, Duration.ofMillis(250), poll::get,
                r -> !"authorization_pending".equals(error(r)) && !"slow_down".equals(error(r)));
    }

    /** The {@code error} of a refused token request (RFC 6749 §5.2), or null for any other answer. */
    public static String error(HttpResponse<String> r) {
        if (r.statusCode() / 100 != 4 || r.body() == null || r.body().isBlank()) return null;
        try {
            JsonNode error = Http.json(r).get("error");
            return error == null ? null : error.asText();
        } catch (IllegalStateException notJson) {
            return null;
        }
    }
}
