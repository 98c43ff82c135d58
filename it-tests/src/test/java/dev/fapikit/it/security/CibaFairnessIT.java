package dev.fapikit.it.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import dev.fapikit.it.harness.FapiKit;
import dev.fapikit.it.harness.FapiKitServer;
import dev.fapikit.it.harness.Http;

/**
 * The per-user slots of pending CIBA requests (issue 16 §5, §6): one client cannot use up a user's slots and block the
 * user for every other client ({@code max-pending-per-client-user}, 5, besides {@code max-pending-per-user}, 10), and a
 * request refused because no channel reaches the user gives its slot back and leaves nothing stored.
 */
@FapiKitServer
class CibaFairnessIT {

    private static final int PER_CLIENT_USER = 5; // server defaults
    private static final int PER_USER = 10;
    private static CibaAbuseRealm realm;

    @BeforeAll
    static void setUp(FapiKit kit) {
        realm = CibaAbuseRealm.create(kit, "ciba-fairness");
        realm.clientAttributes("kiosk", Map.of("fapi-kit-ciba-hint-types", "login_hint"));
    }

    @AfterEach
    void freeSlots() {
        realm.realmAttributes(Map.of("fapi-kit-ciba-channels", "app"));
        realm.denyAll("alice");
    }

    @Test
    @DisplayName("one client sending 10 long-lived requests cannot block alice for another client")
    void oneClientCannotBlockTheUserForOthers() {
        for (int i = 0; i < 10; i++) {
            HttpResponse<String> r = realm.backchannel("speaker", "login_hint", "alice", "requested_expiry", "600", "binding_message", "FLOOD " + i);
            if (i < PER_CLIENT_USER) {
                assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
            } else {
                // CIBA Core §13: access_denied, 403
                assertThat(r.statusCode()).as(r.body()).isEqualTo(403);
                assertThat(Http.json(r).get("error").asText()).isEqualTo("access_denied");
            }
        }
        HttpResponse<String> other = realm.backchannel("kiosk", "login_hint", "alice", "binding_message", "OTHER CLIENT");
        assertThat(other.statusCode()).as(other.body()).isEqualTo(200);
        assertThat(realm.pending("alice")).extracting(r -> r.get("client_id").asText())
                .containsOnly("speaker", "kiosk").hasSize(PER_CLIENT_USER + 1);
    }

    @Test
    @DisplayName("the overall per-user cap still holds across clients, and denying everything frees it")
    void perUserCapStillHolds() {
        for (int i = 0; i < PER_CLIENT_USER; i++) {
            assertThat(realm.backchannel("speaker", "login_hint", "alice").statusCode()).isEqualTo(200);
            assertThat(realm.backchannel("kiosk", "login_hint", "alice").statusCode()).isEqualTo(200);
        }
        assertThat(PER_CLIENT_USER * 2).isEqualTo(PER_USER);
        HttpResponse<String> third = realm.backchannel("pos-ping", "login_hint", "alice", "client_notification_token", "t-" + System.nanoTime());
        assertThat(third.statusCode()).as(third.body()).isEqualTo(403);
        assertThat(Http.json(third).get("error").asText()).isEqualTo("access_denied");

        realm.denyAll("alice");
        assertThat(realm.backchannel("speaker", "login_hint", "alice").statusCode()).isEqualTo(200);
    }

    @Test
    @DisplayName("requests refused with 503 (no channel reaches alice) keep no slot: 11 of them, then one is accepted once a channel exists")
    void refusedRequestsFreeTheirSlots() {
        // e-mail is the only channel, and the realm has no SMTP settings: no channel can reach the user
        realm.realmAttributes(Map.of("fapi-kit-ciba-channels", "email"));
        for (int i = 0; i < PER_USER + 1; i++) {
            HttpResponse<String> r = realm.backchannel("speaker", "login_hint", "alice", "requested_expiry", "600", "binding_message", "NO CHANNEL " + i);
            assertThat(r.statusCode()).as(r.body()).isEqualTo(503);
            assertThat(Http.json(r).get("error").asText()).isEqualTo("server_error");
        }
        realm.realmAttributes(Map.of("fapi-kit-ciba-channels", "app"));
        assertThat(realm.pending("alice")).as("nothing of the refused requests is stored").isEmpty();

        HttpResponse<String> accepted = realm.backchannel("speaker", "login_hint", "alice", "binding_message", "REACHABLE");
        assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(200);
        assertThat(realm.pending("alice")).extracting(r -> r.path("binding_message").asText()).containsExactly("REACHABLE");
        for (int i = 1; i < PER_CLIENT_USER; i++) {
            assertThat(realm.backchannel("speaker", "login_hint", "alice").statusCode()).as("slot %d", i).isEqualTo(200);
        }
    }

    @Test
    @DisplayName("a second decision is 409 already_decided for alice, and 404 for bob, on a request alice decided")
    void secondDecision() {
        realm.backchannel("speaker", "login_hint", "alice", "binding_message", "DECIDE TWICE");
        JsonNode request = realm.pending("alice").get(0);
        String path = "/requests/" + request.get("id").asText();
        String alice = realm.appToken("alice");
        assertThat(realm.app("POST", alice, path + "/approve").statusCode()).isEqualTo(200);

        for (String decision : new String[] {"/approve", "/deny"}) {
            HttpResponse<String> again = realm.app("POST", alice, path + decision);
            assertThat(again.statusCode()).as(again.body()).isEqualTo(409);
            assertThat(Http.json(again).get("error").asText()).isEqualTo("already_decided");
            HttpResponse<String> bob = realm.app("POST", realm.appToken("bob"), path + decision);
            assertThat(bob.statusCode()).as(bob.body()).isEqualTo(404);
            assertThat(Http.json(bob).get("error").asText()).isEqualTo("not_found");
        }
    }
}
