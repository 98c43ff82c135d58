package dev.fapikit.it.ciba;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jwt.JWTClaimsSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import dev.fapikit.it.harness.Browser;
import dev.fapikit.it.harness.FapiKit;
import dev.fapikit.it.harness.FapiKitServer;
import dev.fapikit.it.harness.Http;
import dev.fapikit.it.harness.Jose;

/**
 * CIBA Core 1.0 poll and ping with FAPI Kit's authentication device ({@code fapi-kit-device} channel): the user
 * decides in the authenticator-app API or on the approval page, and the stock CIBA grant delivers the result.
 */
@FapiKitServer
class CibaDeviceIT {

    private static CibaRealm realm;

    @BeforeAll
    static void realm(FapiKit kit) {
        realm = CibaRealm.create(kit, "ciba-device");
    }

    @Nested
    @DisplayName("Given the user decides in the authenticator app (poll mode)")
    class AppApi {

        @Test
        @DisplayName("the request is listed in words, approved, and the poll then gets tokens for that user")
        void pollCompletesAfterApprovalInTheApp() {
            String authReqId = realm.startAs("speaker", "login_hint", "alice", "binding_message", "APP 1 €");
            HttpResponse<String> pending = realm.token("speaker", authReqId);
            assertThat(Http.json(pending).get("error").asText()).isEqualTo("authorization_pending");

            String app = realm.appToken("alice", true);
            JsonNode listed = listed(app, "APP 1 €");
            assertThat(listed.get("client_name").asText()).isEqualTo("Kitchen Speaker");
            assertThat(listed.get("scopes").findValuesAsText("description")).contains("User profile");
            assertThat(listed.get("expires_in").asInt()).isBetween(1, 120);

            HttpResponse<String> approved = realm.appPost(app, "/requests/" + listed.get("id").asText() + "/approve");
            assertThat(approved.statusCode()).as(approved.body()).isEqualTo(200);
            assertThat(Http.json(approved).get("status").asText()).isEqualTo("approved");

            HttpResponse<String> tokens = realm.token("speaker", authReqId);
            assertThat(tokens.statusCode()).as(tokens.body()).isEqualTo(200);
            JWTClaimsSet access = Jose.verify(realm.kit, realm.name, Http.json(tokens).get("access_token").asText());
            assertThat(access.getSubject()).isEqualTo(realm.userId("alice"));
            assertThat(access.getIssuer()).isEqualTo(realm.issuer());
        }

        @Test
        @DisplayName("a denial makes the token request answer access_denied")
        void denialYieldsAccessDenied() {
            String authReqId = realm.startAs("speaker", "login_hint", "alice", "binding_message", "APP-DENY");
            String app = realm.appToken("alice", true);
            HttpResponse<String> denied = realm.appPost(app, "/requests/" + realm.pendingId(app, "APP-DENY") + "/deny");
            assertThat(Http.json(denied).get("status").asText()).isEqualTo("denied");

            HttpResponse<String> r = realm.token("speaker", authReqId);
            assertThat(r.statusCode()).isEqualTo(400);
            assertThat(Http.json(r).get("error").asText()).isEqualTo("access_denied");
        }

        @Test
        @DisplayName("an undecided request lapses after requested_expiry: expires_in says so and the poll gets expired_token")
        void expiryYieldsExpiredToken() {
            HttpResponse<String> started = realm.backchannel("speaker", Http.params("scope", "openid", "login_hint", "alice",
                    "binding_message", "APP-EXPIRE", "requested_expiry", "2"));
            assertThat(Http.json(started).get("expires_in").asInt()).isEqualTo(2);
            // polled (pending, slow_down) until it is no longer pending: after the 2 s, or the deadline of 2 s + 4 s
            String authReqId = Http.json(started).get("auth_req_id").asText();
            HttpResponse<String> r = CibaRealm.untilNotPending(Duration.ofSeconds(6), () -> realm.token("speaker", authReqId));
            assertThat(Http.json(r).get("error").asText()).as(r.body()).isEqualTo("expired_token");
            assertThat(realm.appGet(realm.appToken("alice", true), "/requests").body()).doesNotContain("APP-EXPIRE");
        }

        @Test
        @DisplayName("another user neither sees nor decides the request, and it stays pending for its user")
        void anotherUserCannotSeeOrDecide() {
            realm.startAs("speaker", "login_hint", "alice", "binding_message", "APP-ALICE-ONLY");
            String alice = realm.appToken("alice", true);
            String id = realm.pendingId(alice, "APP-ALICE-ONLY");
            String bob = realm.appToken("bob", true);

            assertThat(realm.appGet(bob, "/requests").body()).doesNotContain("APP-ALICE-ONLY");
            HttpResponse<String> r = realm.appPost(bob, "/requests/" + id + "/approve");
            assertThat(r.statusCode()).isEqualTo(404);
            assertThat(Http.json(r).get("error").asText()).isEqualTo("not_found");

            assertThat(realm.pendingId(alice, "APP-ALICE-ONLY")).isEqualTo(id);
            realm.appPost(alice, "/requests/" + id + "/deny");
        }

        @Test
        @DisplayName("a decision is single-use: a replayed or contrary second decision is refused and the first stands")
        void replayedDecisionIsRefused() {
            String authReqId = realm.startAs("speaker", "login_hint", "alice", "binding_message", "APP-REPLAY");
            String app = realm.appToken("alice", true);
            String id = realm.pendingId(app, "APP-REPLAY");
            assertThat(realm.appPost(app, "/requests/" + id + "/approve").statusCode()).isEqualTo(200);

            // the owner learns the request is decided (409 already_decided); another user's answer stays 404
            for (String decision : new String[] {"/approve", "/deny"}) {
                HttpResponse<String> again = realm.appPost(app, "/requests/" + id + decision);
                assertThat(again.statusCode()).as(again.body()).isEqualTo(409);
                assertThat(Http.json(again).get("error").asText()).isEqualTo("already_decided");
            }
            HttpResponse<String> bob = realm.appPost(realm.appToken("bob", true), "/requests/" + id + "/deny");
            assertThat(bob.statusCode()).as(bob.body()).isEqualTo(404);

            assertThat(realm.token("speaker", authReqId).statusCode()).isEqualTo(200);
        }

        @Test
        @DisplayName("the API needs a bearer token of the realm carrying scope fapi-kit-ciba-approver")
        void apiNeedsTheApproverScope() {
            HttpResponse<String> none = realm.appGet(null, "/requests");
            assertThat(none.statusCode()).isEqualTo(401);
            assertThat(none.headers().firstValue("WWW-Authenticate").orElse("")).contains("invalid_token");

            HttpResponse<String> noScope = realm.appGet(realm.appToken("alice", false), "/requests");
            assertThat(noScope.statusCode()).isEqualTo(403);
            assertThat(Http.json(noScope).get("error").asText()).isEqualTo("insufficient_scope");

            assertThat(realm.appGet("not-a-token", "/requests").statusCode()).isEqualTo(401);
        }

        private JsonNode listed(String app, String bindingMessage) {
            for (JsonNode r : Http.json(realm.appGet(app, "/requests")).get("requests")) {
                if (bindingMessage.equals(r.path("binding_message").asText())) return r;
            }
            throw new AssertionError("not listed: " + bindingMessage);
        }
    }

    @Nested
    @DisplayName("Given the user decides on the approval page in a browser (poll mode)")
    class ApprovalPage {

        private static final Pattern CSRF = Pattern.compile("name=\"csrf\" value=\"([^\"]+)\"");

        @Test
        @DisplayName("the user signs in through the realm's browser flow, sees the escaped binding message, approves, and the poll gets tokens")
        void pollCompletesAfterApprovalOnThePage() {
            String authReqId = realm.startAs("speaker", "login_hint", "alice", "binding_message", "<b>PAGE-1</b>");
            Browser browser = realm.signedInToApprovalPage("alice");
            String page = browser.last().body();
            assertThat(page).contains("Kitchen Speaker").contains("&lt;b&gt;PAGE-1&lt;/b&gt;").doesNotContain("<b>PAGE-1</b>");
            assertThat(page).contains("User profile");

            String id = realm.pendingId(realm.appToken("alice", true), "<b>PAGE-1</b>");
            browser.submit("approvals/" + id, Map.of("decision", "approve"), realm.kit.baseUrl());
            assertThat(browser.last().body()).contains("id=\"result-approved\"");
            assertThat(browser.last().body()).doesNotContain("request-" + id);

            HttpResponse<String> tokens = realm.token("speaker", authReqId);
            assertThat(tokens.statusCode()).as(tokens.body()).isEqualTo(200);
            assertThat(Jose.verify(realm.kit, realm.name, Http.json(tokens).get("access_token").asText()).getSubject())
                    .isEqualTo(realm.userId("alice"));
        }

        @Test
        @DisplayName("a denial on the page makes the token request answer access_denied")
        void denialOnThePage() {
            String authReqId = realm.startAs("speaker", "login_hint", "alice", "binding_message", "PAGE-DENY");
            Browser browser = realm.signedInToApprovalPage("alice");
            String id = realm.pendingId(realm.appToken("alice", true), "PAGE-DENY");
            browser.submit("approvals/" + id, Map.of("decision", "deny"), realm.kit.baseUrl());
            assertThat(browser.last().body()).contains("id=\"result-denied\"");

            assertThat(Http.json(realm.token("speaker", authReqId)).get("error").asText()).isEqualTo("access_denied");
        }

        @Test
        @DisplayName("a form without its CSRF token, or with another session's, is refused and the request stays pending")
        void formWithoutCsrfTokenIsRefused() {
            realm.startAs("speaker", "login_hint", "alice", "binding_message", "PAGE-CSRF");
            Browser alice = realm.signedInToApprovalPage("alice");
            String app = realm.appToken("alice", true);
            String id = realm.pendingId(app, "PAGE-CSRF");
            String action = realm.approvalPage() + "/" + id;

            HttpResponse<String> noToken = Http.postForm(alice.http(), action, Map.of("decision", "approve"));
            assertThat(noToken.statusCode()).isEqualTo(403);
            realm.startAs("speaker", "login_hint", "bob", "binding_message", "PAGE-CSRF-BOB");
            String bobsToken = csrf(realm.signedInToApprovalPage("bob").last().body());
            String bobApp = realm.appToken("bob", true);
            realm.appPost(bobApp, "/requests/" + realm.pendingId(bobApp, "PAGE-CSRF-BOB") + "/deny");
            HttpResponse<String> foreignToken = Http.postForm(alice.http(), action, Map.of("decision", "approve", "csrf", bobsToken));
            assertThat(foreignToken.statusCode()).isEqualTo(403);

            assertThat(realm.pendingId(app, "PAGE-CSRF")).isEqualTo(id);
            realm.appPost(app, "/requests/" + id + "/deny");
        }

        @Test
        @DisplayName("another signed-in user neither sees nor decides the request")
        void anotherUserCannotDecideOnThePage() {
            realm.startAs("speaker", "login_hint", "alice", "binding_message", "PAGE-ALICE-ONLY");
            String app = realm.appToken("alice", true);
            String id = realm.pendingId(app, "PAGE-ALICE-ONLY");
            realm.startAs("speaker", "login_hint", "bob", "binding_message", "PAGE-BOB");
            Browser bob = realm.signedInToApprovalPage("bob");
            assertThat(bob.last().body()).contains("PAGE-BOB").doesNotContain("PAGE-ALICE-ONLY").doesNotContain(id);

            HttpResponse<String> r = Http.postForm(bob.http(), realm.approvalPage() + "/" + id,
                    Map.of("decision", "approve", "csrf", csrf(bob.last().body())));
            assertThat(r.statusCode()).isEqualTo(303);
            assertThat(r.headers().firstValue("Location").orElseThrow()).endsWith("result=not_found");
            assertThat(realm.pendingId(app, "PAGE-ALICE-ONLY")).isEqualTo(id);
            realm.appPost(app, "/requests/" + id + "/deny");
            String bobApp = realm.appToken("bob", true);
            realm.appPost(bobApp, "/requests/" + realm.pendingId(bobApp, "PAGE-BOB") + "/deny");
        }

        @Test
        @DisplayName("a replayed form post is refused")
        void replayedFormPostIsRefused() {
            realm.startAs("speaker", "login_hint", "alice", "binding_message", "PAGE-REPLAY");
            Browser alice = realm.signedInToApprovalPage("alice");
            String token = csrf(alice.last().body());
            String id = realm.pendingId(realm.appToken("alice", true), "PAGE-REPLAY");
            Map<String, String> form = Map.of("decision", "approve", "csrf", token);

            HttpResponse<String> first = Http.postForm(alice.http(), realm.approvalPage() + "/" + id, form);
            assertThat(first.headers().firstValue("Location").orElseThrow()).endsWith("result=approved");
            HttpResponse<String> replay = Http.postForm(alice.http(), realm.approvalPage() + "/" + id, form);
            assertThat(replay.headers().firstValue("Location").orElseThrow()).endsWith("result=already_decided");
        }

        @Test
        @DisplayName("an anonymous visitor is sent to the realm's login through the approval client")
        void anonymousVisitorIsSentToLogin() {
            HttpResponse<String> r = Http.get(realm.kit.browser().http(), realm.approvalPage());
            assertThat(r.statusCode()).isEqualTo(303);
            assertThat(r.headers().firstValue("Location").orElseThrow())
                    .startsWith(realm.oidc() + "/auth?client_id=fapi-kit-ciba-approval")
                    .contains("code_challenge_method=S256");
        }

        private String csrf(String page) {
            Matcher m = CSRF.matcher(page);
            assertThat(m.find()).as("CSRF token on the page").isTrue();
            return m.group(1);
        }
    }

    @Nested
    @DisplayName("Given a ping-mode client (CIBA Core §10.2)")
    class Ping {

        @Test
        @DisplayName("approval in the app pings the client notification endpoint with its token, and the token request then succeeds")
        void pingThenTokens() throws Exception {
            try (HttpsReceiver receiver = new HttpsReceiver(realm.kit)) {
                realm.clientAttributes("pos-ping", Map.of("ciba.backchannel.client.notification.endpoint", receiver.url("/ciba/notify")));
                String authReqId = realm.startAs("pos-ping", "login_hint", "alice", "binding_message", "PING-1",
                        "client_notification_token", "cnt-ping-1");
                String app = realm.appToken("alice", true);
                realm.appPost(app, "/requests/" + realm.pendingId(app, "PING-1") + "/approve");

                HttpsReceiver.Received ping = receiver.await(1, 10).get(0);
                assertThat(ping.path()).isEqualTo("/ciba/notify");
                assertThat(ping.header("Authorization")).isEqualTo("Bearer cnt-ping-1");
                assertThat(Http.JSON.readTree(ping.body()).get("auth_req_id").asText()).isEqualTo(authReqId);

                HttpResponse<String> tokens = realm.token("pos-ping", authReqId);
                assertThat(tokens.statusCode()).as(tokens.body()).isEqualTo(200);
            }
        }

        @Test
        @DisplayName("denial on the page pings too, and the token request answers access_denied")
        void pingAfterDenial() throws Exception {
            try (HttpsReceiver receiver = new HttpsReceiver(realm.kit)) {
                realm.clientAttributes("pos-ping", Map.of("ciba.backchannel.client.notification.endpoint", receiver.url("/ciba/notify")));
                String authReqId = realm.startAs("pos-ping", "login_hint", "alice", "binding_message", "PING-DENY",
                        "client_notification_token", "cnt-ping-2");
                String app = realm.appToken("alice", true);
                realm.appPost(app, "/requests/" + realm.pendingId(app, "PING-DENY") + "/deny");

                assertThat(receiver.await(1, 10)).hasSize(1);
                assertThat(Http.json(realm.token("pos-ping", authReqId)).get("error").asText()).isEqualTo("access_denied");
            }
        }

        @Test
        @DisplayName("a ping-mode request without client_notification_token is invalid_request")
        void pingNeedsNotificationToken() {
            HttpResponse<String> r = realm.backchannel("pos-ping", Http.params("scope", "openid", "login_hint", "alice"));
            assertThat(r.statusCode()).isEqualTo(400);
            assertThat(Http.json(r).get("error").asText()).isEqualTo("invalid_request");
        }
    }

    @Nested
    @DisplayName("Given acr_values demanding more than the user's sign-in (OIDC Core §3.1.2.1, RFC 9470)")
    class LevelOfAuthentication {

        @Test
        @DisplayName("approval needs the level: the app gets insufficient_user_authentication, the page offers step-up and refuses; denial stays possible")
        void approvalNeedsTheRequestedLevel() {
            realm.realmAttributes(Map.of("acr.loa.map", "{\"gold\":2}"));
            String authReqId = realm.startAs("speaker", "login_hint", "alice", "binding_message", "ACR-GOLD", "acr_values", "gold");
            String app = realm.appToken("alice", true);
            String id = realm.pendingId(app, "ACR-GOLD");

            HttpResponse<String> viaApp = realm.appPost(app, "/requests/" + id + "/approve");
            assertThat(viaApp.statusCode()).isEqualTo(403);
            assertThat(Http.json(viaApp).get("error").asText()).isEqualTo("insufficient_user_authentication");

            Browser browser = realm.kit.browser();
            browser.open(realm.approvalPage(), realm.kit.baseUrl());
            browser.submit("login-actions/authenticate", Map.of("username", "alice", "password", "alice-pw"), realm.kit.baseUrl());
            assertThat(browser.last().body()).contains("approvals/step-up/" + id);
            HttpResponse<String> stepUp = Http.get(browser.http(), realm.approvalPage() + "/step-up/" + id);
            assertThat(stepUp.headers().firstValue("Location").orElseThrow()).contains("acr_values=gold");
            HttpResponse<String> viaPage = Http.postForm(browser.http(), realm.approvalPage() + "/" + id,
                    Map.of("decision", "approve", "csrf", csrfOf(browser.last().body())));
            assertThat(viaPage.headers().firstValue("Location").orElseThrow()).endsWith("result=level_too_low");

            assertThat(realm.appPost(app, "/requests/" + id + "/deny").statusCode()).isEqualTo(200);
            assertThat(Http.json(realm.token("speaker", authReqId)).get("error").asText()).isEqualTo("access_denied");
        }

        private String csrfOf(String page) {
            Matcher m = Pattern.compile("name=\"csrf\" value=\"([^\"]+)\"").matcher(page);
            assertThat(m.find()).isTrue();
            return m.group(1);
        }
    }
}
