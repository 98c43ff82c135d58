package dev.fapikit.it.ciba;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.Map;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import dev.fapikit.it.harness.FapiKit;
import dev.fapikit.it.harness.FapiKitServer;
import dev.fapikit.it.harness.Http;

/**
 * Issue 16 §6: what the CIBA grant checks besides the user (see {@link ClaimInjectionIT}): the consent the user had
 * when approving, and that push is not offered to a client whose tokens must be DPoP-bound.
 */
@FapiKitServer
class CibaIssuanceIT {

    private static CibaRealm realm;

    @BeforeAll
    static void setUp(FapiKit kit) {
        realm = CibaRealm.create(kit, "ciba-issuance");
    }

    @Test
    @DisplayName("consent withdrawn after the approval: the token request is access_denied (CIBA Core §11), and no consent is re-created")
    void consentWithdrawnAfterApproval() {
        // a first flow gives alice a consent for the speaker
        String first = realm.startAs("speaker", "login_hint", "alice", "binding_message", "CONSENT-1");
        assertThat(realm.approveAndPoll("speaker", first, "alice", "CONSENT-1").has("access_token")).isTrue();
        String consents = "realms/" + realm.name + "/users/" + realm.userId("alice") + "/consents";
        assertThat(realm.kit.admin().get(consents).findValuesAsText("clientId")).contains("speaker");

        String second = realm.startAs("speaker", "login_hint", "alice", "binding_message", "CONSENT-2");
        String app = realm.appToken("alice", true);
        assertThat(realm.appPost(app, "/requests/" + realm.pendingId(app, "CONSENT-2") + "/approve").statusCode()).isEqualTo(200);
        assertThat(realm.kit.admin().delete(consents + "/speaker").statusCode()).isEqualTo(204);

        HttpResponse<String> tokens = realm.token("speaker", second);
        assertThat(tokens.statusCode()).as(tokens.body()).isEqualTo(400);
        assertThat(Http.json(tokens).get("error").asText()).isEqualTo("access_denied");
        assertThat(realm.kit.admin().get(consents).findValuesAsText("clientId")).doesNotContain("speaker");
        // the request is over: asking again is not a second chance
        assertThat(Http.json(realm.token("speaker", second)).get("error").asText()).isEqualTo("invalid_grant");
    }

    @Test
    @DisplayName("one approved auth_req_id, eight token requests at the same moment: exactly one gets tokens, the others invalid_grant")
    void redeemedOnce() throws Exception {
        String warmUp = realm.startAs("speaker", "login_hint", "bob", "binding_message", "ONCE-0");
        assertThat(realm.approveAndPoll("speaker", warmUp, "bob", "ONCE-0").has("access_token")).isTrue();
        String authReqId = realm.startAs("speaker", "login_hint", "bob", "binding_message", "ONCE-1");
        String app = realm.appToken("bob", true);
        assertThat(realm.appPost(app, "/requests/" + realm.pendingId(app, "ONCE-1") + "/approve").statusCode()).isEqualTo(200);

        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<HttpResponse<String>>> answers = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                answers.add(pool.submit(() -> {
                    start.await();
                    return realm.token("speaker", authReqId);
                }));
            }
            start.countDown();
            List<String> results = new ArrayList<>();
            for (Future<HttpResponse<String>> f : answers) {
                HttpResponse<String> r = f.get();
                results.add(r.statusCode() == 200 ? "tokens" : r.statusCode() + " " + Http.json(r).path("error").asText());
            }
            assertThat(results).as(results.toString()).containsOnlyOnce("tokens").hasSize(8)
                    .allMatch(r -> r.equals("tokens") || r.equals("400 invalid_grant"));
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    @DisplayName("a login_hint naming an e-mail address its holder never verified is unknown_user_id: mallory cannot be asked in place of the address's owner")
    void unverifiedEmailHintIsUnknown() {
        HttpResponse<String> created = realm.kit.admin().post("realms/" + realm.name + "/users", Map.of("username", "mallory",
                "email", "victim@example.org", "emailVerified", false, "enabled", true));
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        HttpResponse<String> byEmail = realm.backchannel("speaker", Http.params("scope", "openid", "login_hint", "victim@example.org",
                "binding_message", "UNVERIFIED"));
        assertThat(byEmail.statusCode()).as(byEmail.body()).isEqualTo(400);
        assertThat(Http.json(byEmail).get("error").asText()).isEqualTo("unknown_user_id");
        // alice's verified address still names alice
        assertThat(realm.backchannel("speaker", Http.params("scope", "openid", "login_hint", "alice@example.org",
                "binding_message", "VERIFIED")).statusCode()).isEqualTo(200);
        realm.denyAll("alice");
    }

    @Test
    @DisplayName("push for a client with DPoP-bound tokens is refused at registration (RFC 9449: push has no token request to prove the key at)")
    void pushRefusedForDpopBoundClients() {
        Map<String, String> attributes = new LinkedHashMap<>(Map.of("oidc.ciba.grant.enabled", "true",
                "ciba.backchannel.token.delivery.mode", "push",
                "ciba.backchannel.client.notification.endpoint", "https://localhost:1/cb",
                "dpop.bound.access.tokens", "true"));
        HttpResponse<String> created = realm.kit.admin().post("realms/" + realm.name + "/clients", Map.of("clientId", "push-dpop",
                "secret", "push-dpop-secret", "publicClient", false, "standardFlowEnabled", false, "attributes", attributes));
        assertThat(created.statusCode()).as(created.body()).isEqualTo(400);
        assertThat(created.body()).contains("DPoP");

        attributes.put("dpop.bound.access.tokens", "false");
        HttpResponse<String> unbound = realm.kit.admin().post("realms/" + realm.name + "/clients", Map.of("clientId", "push-plain",
                "secret", "push-plain-secret", "publicClient", false, "standardFlowEnabled", false, "attributes", attributes));
        assertThat(unbound.statusCode()).as(unbound.body()).isEqualTo(201);
    }
}
