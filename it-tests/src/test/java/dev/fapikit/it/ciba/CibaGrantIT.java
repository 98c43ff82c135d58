package dev.fapikit.it.ciba;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import dev.fapikit.it.harness.FapiKit;
import dev.fapikit.it.harness.FapiKitServer;
import dev.fapikit.it.harness.Http;

/**
 * The CIBA grant override (issue 11 items 1-2): a decided request is answered at once whatever the polling interval
 * (CIBA Core §10.2), and concurrent first-time grants of one user and client leave exactly one consent.
 */
@FapiKitServer
class CibaGrantIT {

    private static CibaRealm realm;

    @BeforeAll
    static void realm(FapiKit kit) {
        realm = CibaRealm.create(kit, "ciba-grant");
        // The interval stock Keycloak uses by default: long enough that stock answers slow_down after a quick ping.
        realm.realmAttributes(Map.of("cibaInterval", "5"));
    }

    @Test
    @DisplayName("ping: approved right after a poll, the token request right after the ping gets tokens, not slow_down")
    void pingApprovalThenImmediateTokens() throws Exception {
        try (HttpsReceiver receiver = new HttpsReceiver(realm.kit)) {
            realm.clientAttributes("pos-ping", Map.of("ciba.backchannel.client.notification.endpoint", receiver.url("/ciba/notify")));
            String app = realm.appToken("alice", true);
            String authReqId = realm.startAs("pos-ping", "login_hint", "alice", "binding_message", "FAST-OK",
                    "client_notification_token", "cnt-fast-1");
            String id = realm.pendingId(app, "FAST-OK");

            long polled = System.nanoTime();
            assertThat(Http.json(realm.token("pos-ping", authReqId)).get("error").asText()).isEqualTo("authorization_pending");
            assertThat(realm.appPost(app, "/requests/" + id + "/approve").statusCode()).isEqualTo(200);
            assertThat(receiver.await(1, 10)).hasSize(1);
            // the precondition of the stock defect: the token request comes well inside the polling interval (5 s)
            // after the last poll, where Keycloak 26.7.3 answers slow_down (this proves no timing of ours)
            assertThat(System.nanoTime() - polled).as("token request within the polling interval of the last poll")
                    .isLessThan(4_000_000_000L);
            HttpResponse<String> tokens = realm.token("pos-ping", authReqId);
            assertThat(tokens.statusCode()).as(tokens.body()).isEqualTo(200);
            assertThat(Http.json(tokens).get("access_token").asText()).isNotBlank();
        }
    }

    @Test
    @DisplayName("ping: denied right after a poll, the token request right after the ping gets access_denied")
    void pingDenialThenImmediateAccessDenied() throws Exception {
        try (HttpsReceiver receiver = new HttpsReceiver(realm.kit)) {
            realm.clientAttributes("pos-ping", Map.of("ciba.backchannel.client.notification.endpoint", receiver.url("/ciba/notify")));
            String app = realm.appToken("alice", true);
            String authReqId = realm.startAs("pos-ping", "login_hint", "alice", "binding_message", "FAST-NO",
                    "client_notification_token", "cnt-fast-2");
            String id = realm.pendingId(app, "FAST-NO");

            long polled = System.nanoTime();
            realm.token("pos-ping", authReqId);
            assertThat(realm.appPost(app, "/requests/" + id + "/deny").statusCode()).isEqualTo(200);

            assertThat(receiver.await(1, 10)).hasSize(1);
            assertThat(System.nanoTime() - polled).as("token request within the polling interval of the last poll")
                    .isLessThan(4_000_000_000L);
            HttpResponse<String> r = realm.token("pos-ping", authReqId);
            assertThat(r.statusCode()).isEqualTo(400);
            assertThat(Http.json(r).get("error").asText()).isEqualTo("access_denied");
        }
    }

    @Test
    @DisplayName("poll: a pending request polled too early still gets slow_down")
    void pendingStillPaced() {
        String authReqId = realm.startAs("speaker", "login_hint", "alice", "binding_message", "PACED");
        assertThat(Http.json(realm.token("speaker", authReqId)).get("error").asText()).isEqualTo("authorization_pending");
        assertThat(Http.json(realm.token("speaker", authReqId)).get("error").asText()).isEqualTo("slow_down");
        realm.denyAll("alice");
    }

    @Test
    @DisplayName("five first-time approvals of one user and client, then five concurrent token requests: all 200, one consent")
    void concurrentFirstGrantsLeaveOneConsent() throws Exception {
        String user = "carol-" + UUID.randomUUID().toString().substring(0, 6);
        assertThat(realm.kit.admin().post("realms/" + realm.name + "/users", Map.of("username", user, "email", user + "@example.org",
                "firstName", "Carol", "lastName", "Demo", "enabled", true, "emailVerified", true,
                "credentials", List.of(Map.of("type", "password", "value", user + "-pw", "temporary", false)))).statusCode()).isEqualTo(201);
        String app = realm.appToken(user, true);

        List<String> authReqIds = new ArrayList<>();
        // five: the most one client may have pending for one user (max-pending-per-client-user)
        for (int i = 0; i < 5; i++) {
            authReqIds.add(realm.startAs("speaker", "login_hint", user, "binding_message", "C-" + i));
        }
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 5; i++) ids.add(realm.pendingId(app, "C-" + i));

        for (HttpResponse<String> r : concurrently(ids.stream().<Callable<HttpResponse<String>>>map(
                id -> () -> realm.appPost(app, "/requests/" + id + "/approve")).toList())) {
            assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        }
        for (HttpResponse<String> r : concurrently(authReqIds.stream().<Callable<HttpResponse<String>>>map(
                authReqId -> () -> realm.token("speaker", authReqId)).toList())) {
            assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        }

        JsonNode consents = realm.kit.admin().get("realms/" + realm.name + "/users/" + realm.userId(user) + "/consents");
        assertThat(consents.findValuesAsText("clientId")).containsExactly("speaker");

        // and the pair keeps working
        String next = realm.startAs("speaker", "login_hint", user, "binding_message", "C-next");
        realm.appPost(app, "/requests/" + realm.pendingId(app, "C-next") + "/approve");
        HttpResponse<String> tokens = realm.token("speaker", next);
        assertThat(tokens.statusCode()).as(tokens.body()).isEqualTo(200);
    }

    private static <T> List<T> concurrently(List<Callable<T>> tasks) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(tasks.size());
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<T>> futures = new ArrayList<>();
            for (Callable<T> task : tasks) {
                futures.add(pool.submit(() -> {
                    start.await();
                    return task.call();
                }));
            }
            start.countDown();
            List<T> results = new ArrayList<>();
            for (Future<T> f : futures) results.add(f.get());
            return results;
        } finally {
            pool.shutdownNow();
        }
    }
}
