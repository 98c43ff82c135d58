package dev.fapikit.it.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.fapikit.it.harness.Browser;
import dev.fapikit.it.harness.FapiKit;
import dev.fapikit.it.harness.Http;

/**
 * A realm of its own per test class from the CIBA fixture {@code ciba/ciba-device-realm.json} (clients {@code speaker},
 * {@code kiosk}, {@code pos-ping}, {@code authenticator-app}; users alice and bob, password {@code <user>-pw}), driven
 * the way an attacker with a registered client would: backchannel requests, app decisions, password sign-ins.
 */
final class CibaAbuseRealm {

    static final String SET_USER_CODE = "fapi-kit-ciba-set-user-code";

    final FapiKit kit;
    final String name;
    final HttpClient http;
    private final Map<String, String> appTokens = new java.util.concurrent.ConcurrentHashMap<>();
    private boolean userCodeActionRegistered;

    private CibaAbuseRealm(FapiKit kit, String name) {
        this.kit = kit;
        this.name = name;
        this.http = kit.http(null);
    }

    static CibaAbuseRealm create(FapiKit kit, String prefix) {
        String name = prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
        ObjectNode realm = (ObjectNode) resource("ciba/ciba-device-realm.json");
        realm.put("realm", name);
        assertThat(kit.admin().post("realms", realm).statusCode()).isEqualTo(201);
        CibaAbuseRealm r = new CibaAbuseRealm(kit, name);
        // the client scopes the fixture's clients may request (among them fapi-kit-ciba-approver for the app)
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

    private static JsonNode resource(String path) {
        try (InputStream in = CibaAbuseRealm.class.getClassLoader().getResourceAsStream(path)) {
            return Http.JSON.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    String clientUuid(String clientId) {
        return kit.admin().get("realms/" + name + "/clients?clientId=" + clientId).get(0).get("id").asText();
    }

    String userId(String username) {
        return kit.admin().get("realms/" + name + "/users?exact=true&username=" + username).get(0).get("id").asText();
    }

    /** A new user with password {@code <username>-pw} and an e-mail address; returns the (unique) username. */
    String createUser(String prefix) {
        String username = prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
        HttpResponse<String> r = kit.admin().post("realms/" + name + "/users", Map.of("username", username, "enabled", true,
                "email", username + "@example.org", "emailVerified", true, "firstName", prefix, "lastName", "Example",
                "credentials", List.of(Map.of("type", "password", "value", username + "-pw", "temporary", false))));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        return username;
    }

    void realmAttributes(Map<String, String> attributes) {
        ObjectNode rep = (ObjectNode) kit.admin().get("realms/" + name);
        attributes.forEach(rep.with("attributes")::put);
        assertThat(kit.admin().put("realms/" + name, rep).statusCode()).isEqualTo(204);
    }

    void realmSettings(Map<String, Object> settings) {
        ObjectNode rep = (ObjectNode) kit.admin().get("realms/" + name);
        settings.forEach((k, v) -> rep.set(k, Http.JSON.valueToTree(v)));
        assertThat(kit.admin().put("realms/" + name, rep).statusCode()).isEqualTo(204);
    }

    void clientAttributes(String clientId, Map<String, String> attributes) {
        String uuid = clientUuid(clientId);
        ObjectNode rep = (ObjectNode) kit.admin().get("realms/" + name + "/clients/" + uuid);
        attributes.forEach(rep.with("attributes")::put);
        assertThat(kit.admin().put("realms/" + name + "/clients/" + uuid, rep).statusCode()).isEqualTo(204);
    }

    /** The user chooses a CIBA user code in the required action, signing in on the approval page. */
    void setUserCode(String user, String code) {
        if (!userCodeActionRegistered) {
            // registered once per realm (a second registration of the same action would be refused)
            HttpResponse<String> registered = kit.admin().post("realms/" + name + "/authentication/register-required-action",
                    Map.of("providerId", SET_USER_CODE, "name", "Set CIBA user code"));
            assertThat(registered.statusCode()).as(registered.body()).isEqualTo(204); // a void admin resource: 204 No Content
            userCodeActionRegistered = true;
        }
        String id = userId(user);
        ObjectNode rep = (ObjectNode) kit.admin().get("realms/" + name + "/users/" + id);
        rep.putArray("requiredActions").add(SET_USER_CODE);
        assertThat(kit.admin().put("realms/" + name + "/users/" + id, rep).statusCode()).isEqualTo(204);
        Browser browser = kit.browser();
        browser.open(kit.realmUrl(name) + "/fapi-kit-ciba/approvals", kit.baseUrl());
        browser.submit("login-actions/authenticate", Map.of("username", user, "password", user + "-pw"), kit.baseUrl());
        assertThat(browser.last().body()).contains("name=\"user-code\"");
        browser.submit("required-action", Map.of("user-code", code, "user-code-confirm", code), kit.baseUrl());
        assertThat(browser.last().body()).doesNotContain("name=\"user-code\"");
    }

    /** CIBA Core §7.1 backchannel authentication request, client_secret_basic. */
    HttpResponse<String> backchannel(String clientId, String... params) {
        Map<String, String> p = new LinkedHashMap<>(Http.params("scope", "openid"));
        p.putAll(Http.params(params));
        String basic = Base64.getEncoder().encodeToString((clientId + ":" + clientId + "-secret").getBytes());
        return Http.send(http, HttpRequest.newBuilder(URI.create(kit.oidcUrl(name) + "/ext/ciba/auth"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Authorization", "Basic " + basic)
                .POST(HttpRequest.BodyPublishers.ofString(Http.form(p))).build());
    }

    /** Resource owner password grant of the authenticator app: the user's password sign-in. */
    HttpResponse<String> passwordLogin(String user, String scope) {
        return Http.postForm(http, kit.oidcUrl(name) + "/token", Http.params("grant_type", "password",
                "client_id", "authenticator-app", "username", user, "password", user + "-pw", "scope", scope));
    }

    /**
     * The user's app token, signed in once per test class: Keycloak's brute-force protector may refuse a sign-in while
     * the same user's previous one is still being recorded, so the tests do not sign in again and again.
     */
    String appToken(String user) {
        return appTokens.computeIfAbsent(user, u -> {
            HttpResponse<String> r = passwordLogin(u, "openid fapi-kit-ciba-approver");
            assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
            return Http.json(r).get("access_token").asText();
        });
    }

    HttpResponse<String> app(String method, String token, String path) {
        return Http.send(http, HttpRequest.newBuilder(URI.create(kit.realmUrl(name) + "/fapi-kit-ciba/app" + path))
                .header("Authorization", "Bearer " + token).method(method, HttpRequest.BodyPublishers.noBody()).build());
    }

    /** The user's pending requests as the app lists them. */
    List<JsonNode> pending(String user) {
        HttpResponse<String> r = app("GET", appToken(user), "/requests");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        List<JsonNode> list = new ArrayList<>();
        Http.json(r).get("requests").forEach(list::add);
        return list;
    }

    /** The user denies every pending request at once in the app. */
    void denyAll(String user) {
        String token = appToken(user);
        for (JsonNode req : Http.json(app("GET", token, "/requests")).get("requests")) {
            assertThat(app("POST", token, "/requests/" + req.get("id").asText() + "/deny").statusCode()).isEqualTo(200);
        }
    }

    /** Error events of the backchannel endpoint for the user, newest first. */
    List<JsonNode> backchannelErrors(String user) {
        List<JsonNode> list = new ArrayList<>();
        kit.admin().get("realms/" + name + "/events?type=OAUTH2_DEVICE_AUTH_ERROR&user=" + userId(user) + "&max=1000").forEach(list::add);
        return list;
    }
}
