package dev.fapikit.it.ciba;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import dev.fapikit.it.harness.Browser;
import dev.fapikit.it.harness.FapiKit;
import dev.fapikit.it.harness.FapiKitServer;
import dev.fapikit.it.harness.Http;

/**
 * CIBA Core 1.0 §7.1 user_code: the user sets a code in a required action (stored hashed as a credential); a client
 * registered for user_code must send it; wrong codes count towards a guess limit of their own (user-code-max-guesses,
 * 5 per window), not the realm's password lockout ({@code security/UserCodeGuessingIT} attacks it).
 */
@FapiKitServer
class CibaUserCodeIT {

    private static final String ACTION = "fapi-kit-ciba-set-user-code";
    private static CibaRealm realm;

    @BeforeAll
    static void setUp(FapiKit kit) {
        realm = CibaRealm.create(kit, "ciba-user-code");
        HttpResponse<String> registered = kit.admin().post("realms/" + realm.name + "/authentication/register-required-action",
                Map.of("providerId", ACTION, "name", "Set CIBA user code"));
        assertThat(registered.statusCode()).as(registered.body()).isEqualTo(204); // a void admin resource: 204 No Content
        realm.clientAttributes("speaker", Map.of("fapi-kit-ciba-user-code", "true"));
        setCode(kit, "alice", "4711 blue");
        setCode(kit, "bob", "0815 red");
    }

    // The user signs in on the approval page with the required action pending and chooses the code there.
    private static void setCode(FapiKit kit, String user, String code) {
        String id = realm.userId(user);
        ObjectNode rep = (ObjectNode) kit.admin().get("realms/" + realm.name + "/users/" + id);
        rep.putArray("requiredActions").add(ACTION);
        assertThat(kit.admin().put("realms/" + realm.name + "/users/" + id, rep).statusCode()).isEqualTo(204);

        Browser browser = kit.browser();
        browser.open(realm.approvalPage(), kit.baseUrl());
        browser.submit("login-actions/authenticate", Map.of("username", user, "password", user + "-pw"), kit.baseUrl());
        assertThat(browser.last().body()).contains("name=\"user-code\"");
        browser.submit("required-action", Map.of("user-code", code, "user-code-confirm", "mismatch"), kit.baseUrl());
        assertThat(browser.last().body()).contains("id=\"error-fapiKitCibaUserCodeMismatch\"");
        browser.submit("required-action", Map.of("user-code", code, "user-code-confirm", code), kit.baseUrl());
        assertThat(browser.last().uri().toString()).isEqualTo(realm.approvalPage());
    }

    @AfterEach
    void freeSlots() {
        realm.denyAll("alice");
    }

    @Test
    @DisplayName("discovery advertises backchannel_user_code_parameter_supported")
    void discovery(FapiKit kit) {
        JsonNode d = Http.json(Http.get(kit.http(null), realm.issuer() + "/.well-known/openid-configuration"));
        assertThat(d.get("backchannel_user_code_parameter_supported").asBoolean()).isTrue();
    }

    @Test
    @DisplayName("the code is stored as a hashed credential of its own type")
    void storedHashed(FapiKit kit) {
        JsonNode credentials = kit.admin().get("realms/" + realm.name + "/users/" + realm.userId("alice") + "/credentials");
        JsonNode code = null;
        for (JsonNode c : credentials) {
            if ("fapi-kit-ciba-user-code".equals(c.get("type").asText())) code = c;
        }
        assertThat(code).as(credentials.toString()).isNotNull();
        assertThat(code.get("credentialData").asText()).contains("\"algorithm\"").contains("hashIterations");
        assertThat(code.toString()).doesNotContain("4711 blue");
    }

    @Test
    @DisplayName("the right code is accepted; a missing one is missing_user_code, a wrong one invalid_user_code")
    void rightMissingWrong() {
        assertThat(realm.backchannel("speaker", Http.params("scope", "openid", "login_hint", "alice", "user_code", "4711 blue"))
                .statusCode()).isEqualTo(200);
        assertError(realm.backchannel("speaker", Http.params("scope", "openid", "login_hint", "alice")), "missing_user_code");
        assertError(realm.backchannel("speaker", Http.params("scope", "openid", "login_hint", "alice", "user_code", "4711")), "invalid_user_code");
        // a wrong code uses one of the user's guesses, the right one none
        assertThat(realm.backchannel("speaker", Http.params("scope", "openid", "login_hint", "alice", "user_code", "4711 blue"))
                .statusCode()).isEqualTo(200);
    }

    @Test
    @DisplayName("a client not registered for user_code may not send one")
    void clientWithoutUserCode() {
        assertError(realm.backchannel("kiosk", Http.params("scope", "openid", "login_hint", "alice", "user_code", "4711 blue")), "invalid_request");
    }

    @Test
    @DisplayName("after user-code-max-guesses (5) wrong codes even the right code is refused, with the same answer; the password still works")
    void lockoutAfterRepeatedWrongCodes() {
        HttpResponse<String> wrong = null;
        for (String code : List.of("1111", "2222", "3333", "4444", "5555")) {
            wrong = realm.backchannel("speaker", Http.params("scope", "openid", "login_hint", "bob", "user_code", code));
            assertError(wrong, "invalid_user_code");
        }
        HttpResponse<String> r = realm.backchannel("speaker", Http.params("scope", "openid", "login_hint", "bob", "user_code", "0815 red"));
        assertError(r, "invalid_user_code");
        assertThat(r.body()).isEqualTo(wrong.body());
        assertThat(realm.appToken("bob", false)).isNotEmpty();
    }

    private static void assertError(HttpResponse<String> r, String error) {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(400);
        assertThat(Http.json(r).get("error").asText()).as(r.body()).isEqualTo(error);
    }
}
