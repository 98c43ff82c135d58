package dev.fapikit.it.ciba;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jwt.JWTClaimsSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import dev.fapikit.it.harness.Browser;
import dev.fapikit.it.harness.ClientCert;
import dev.fapikit.it.harness.FapiKit;
import dev.fapikit.it.harness.FapiKitServer;
import dev.fapikit.it.harness.Http;
import dev.fapikit.it.harness.Jose;
import dev.fapikit.core.rar.ApprovedDetails;

/**
 * Issue 21 §2: a payment (RFC 9396 {@code authorization_details}, type {@code payment_initiation}) over CIBA. The
 * client names the payment in its backchannel authentication request (a form parameter, or a JSON array claim of its
 * signed request object, RFC 9396 §3); FAPI Kit's approval page and authenticator-app API show it in words; after the
 * user approves, the token response (RFC 9396 §7) and the access token (§9.1) carry exactly those details, for that
 * request only: a second token request, another client and a denied request get nothing. Invalid details are refused
 * at the backchannel endpoint with {@code invalid_authorization_details} (§5). Keycloak 26.5+ only: not in the 26.4 set.
 */
@FapiKitServer
class CibaRichAuthorizationIT {

    static final String TYPES_ATTRIBUTE = "fapi-kit.authorization-details-types";
    static final String PAYMENT = """
            [{"type":"payment_initiation","actions":["initiate","status","cancel"],
              "instructedAmount":{"currency":"EUR","amount":"45.00"},
              "creditorName":"Merchant123","creditorAccount":{"iban":"DE02100100109307118603"},
              "remittanceInformationUnstructured":"Order 4711"}]""";
    static final String SENTENCE = "Pay €45.00 to Merchant123, account …8603";

    private static CibaRealm realm;
    private static HttpsReceiver receiver;
    private static ClientCert key;
    private static final String SIGNED = "rar-signed", PUSH = "rar-push";

    @BeforeAll
    static void setUp(FapiKit kit) throws Exception {
        realm = CibaRealm.create(kit, "ciba-rar");
        // the executor checks the client's registered types (RFC 9396 §10); speaker registered payment_initiation, kiosk none
        assertThat(kit.admin().put("realms/" + realm.name + "/client-policies/profiles", Map.of("profiles", List.of(Map.of(
                "name", "rar", "executors", List.of(Map.of("executor", "fapi-kit-authorization-details",
                        "configuration", Map.of("require-registered-types", true))))))).statusCode()).isEqualTo(204);
        assertThat(kit.admin().put("realms/" + realm.name + "/client-policies/policies", Map.of("policies", List.of(Map.of(
                "name", "rar-policy", "enabled", true, "profiles", List.of("rar"),
                "conditions", List.of(Map.of("condition", "any-client", "configuration", Map.of()))))))
                .statusCode()).isEqualTo(204);
        realm.clientAttributes("speaker", Map.of(TYPES_ATTRIBUTE, "payment_initiation"));

        receiver = new HttpsReceiver(kit);
        key = kit.pki().loadOrIssueClient("ciba-rar", "CN=ciba-rar,O=FAPI Kit Dev");
        for (String clientId : List.of(SIGNED, PUSH)) {
            Map<String, String> attributes = new LinkedHashMap<>(Map.of("oidc.ciba.grant.enabled", "true",
                    "ciba.backchannel.token.delivery.mode", clientId.equals(PUSH) ? "push" : "poll",
                    "ciba.backchannel.auth.request.signing.alg", "PS256", "jwt.credential.certificate", key.certificateBase64(),
                    "use.jwks.url", "false", TYPES_ATTRIBUTE, "payment_initiation"));
            if (clientId.equals(PUSH)) attributes.put("ciba.backchannel.client.notification.endpoint", receiver.url("/push"));
            HttpResponse<String> created = kit.admin().post("realms/" + realm.name + "/clients", Map.of("clientId", clientId,
                    "secret", clientId + "-secret", "publicClient", false, "standardFlowEnabled", false,
                    "consentRequired", false, "attributes", attributes));
            assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        }
    }

    @AfterAll
    static void tearDown() {
        if (receiver != null) receiver.close();
    }

    @Nested
    @DisplayName("Given a poll client sends a payment as a form parameter")
    class Poll {

        @Test
        @DisplayName("the app shows it in words, the user approves, and the token response and access token carry the same details")
        void approvedInTheApp() throws Exception {
            String authReqId = start("speaker", "RAR-APP", PAYMENT);
            String app = realm.appToken("alice", true);
            JsonNode listed = listed(app, "RAR-APP");
            assertThat(listed.get("authorization_details")).isEqualTo(Http.JSON.readTree(PAYMENT));
            assertThat(listed.get("payments").get(0).get("text").asText()).isEqualTo(SENTENCE);
            assertThat(listed.get("payments").get(0).get("creditor_account").asText()).isEqualTo("…8603");
            assertThat(listed.get("authorization_details_fingerprint").asText()).matches("[A-Za-z0-9_-]{43}");
            assertThat(approve(app, listed).statusCode()).isEqualTo(200);

            HttpResponse<String> token = realm.token("speaker", authReqId);
            assertThat(token.statusCode()).as(token.body()).isEqualTo(200);
            assertCarriesPayment(Http.json(token));

            // auth_req_id is single use (CIBA Core §10.1, RFC 6749 §10.5)
            HttpResponse<String> again = realm.token("speaker", authReqId);
            assertThat(again.statusCode()).isEqualTo(400);
            assertThat(CibaRealm.error(again)).isEqualTo("invalid_grant");
        }

        @Test
        @DisplayName("the approval page shows the payment in words, escaped, and its approval yields tokens with the details")
        void approvedOnThePage() throws Exception {
            String hostile = PAYMENT.replace("Merchant123", "<script>alert(1)</script>");
            String authReqId = start("speaker", "RAR-PAGE", hostile);
            Browser browser = realm.signedInToApprovalPage("alice");
            String page = browser.last().body();
            assertThat(page).contains("Pay €45.00 to &lt;script&gt;alert(1)&lt;/script&gt;, account …8603")
                    .doesNotContain("<script>alert(1)</script>");

            String id = realm.pendingId(realm.appToken("alice", true), "RAR-PAGE");
            assertThat(page).contains("request-" + id);
            assertThat(page).contains("name=\"authorization_details_fingerprint\" value=\""
                    + listed(realm.appToken("alice", true), "RAR-PAGE").get("authorization_details_fingerprint").asText() + "\"");
            browser.submit("approvals/" + id, Map.of("decision", "approve"), realm.kit.baseUrl());
            assertThat(browser.last().body()).contains("id=\"result-approved\"");

            HttpResponse<String> token = realm.token("speaker", authReqId);
            assertThat(token.statusCode()).as(token.body()).isEqualTo(200);
            assertThat(Http.json(token).get("authorization_details")).isEqualTo(Http.JSON.readTree(hostile));
        }

        @Test
        @DisplayName("a denied payment gets access_denied and no tokens, then invalid_grant")
        void denied() {
            String authReqId = start("speaker", "RAR-DENY", PAYMENT);
            String app = realm.appToken("alice", true);
            assertThat(realm.appPost(app, "/requests/" + realm.pendingId(app, "RAR-DENY") + "/deny").statusCode()).isEqualTo(200);
            HttpResponse<String> r = realm.token("speaker", authReqId);
            assertThat(r.statusCode()).isEqualTo(400);
            assertThat(CibaRealm.error(r)).isEqualTo("access_denied");
            assertThat(r.body()).doesNotContain("access_token").doesNotContain("authorization_details\":[");
        }

        @Test
        @DisplayName("another client's token request with the auth_req_id gets invalid_grant; the request stays the requester's")
        void anotherClient() throws Exception {
            String authReqId = start("speaker", "RAR-OTHER", PAYMENT);
            String app = realm.appToken("alice", true);
            assertThat(approve(app, listed(app, "RAR-OTHER")).statusCode()).isEqualTo(200);

            HttpResponse<String> other = realm.token("kiosk", authReqId);
            assertThat(other.statusCode()).isEqualTo(400);
            assertThat(CibaRealm.error(other)).as(other.body()).isEqualTo("invalid_grant");
            assertThat(other.body()).doesNotContain("access_token");

            HttpResponse<String> own = realm.token("speaker", authReqId);
            assertThat(own.statusCode()).as(own.body()).isEqualTo(200);
            assertCarriesPayment(Http.json(own));
        }

        @Test
        @DisplayName("RFC 9396 §6: a token request naming other details is invalid_authorization_details and uses nothing up; the same details are accepted")
        void tokenRequestDetails() throws Exception {
            String authReqId = start("speaker", "RAR-TOKEN", PAYMENT);
            String app = realm.appToken("alice", true);
            assertThat(approve(app, listed(app, "RAR-TOKEN")).statusCode()).isEqualTo(200);

            HttpResponse<String> other = realm.post(realm.oidc() + "/token", "speaker", Http.params("grant_type", CibaRealm.CIBA_GRANT,
                    "auth_req_id", authReqId, "authorization_details", PAYMENT.replace("45.00", "4500.00")));
            assertThat(other.statusCode()).isEqualTo(400);
            assertThat(CibaRealm.error(other)).as(other.body()).isEqualTo("invalid_authorization_details");

            HttpResponse<String> same = realm.post(realm.oidc() + "/token", "speaker", Http.params("grant_type", CibaRealm.CIBA_GRANT,
                    "auth_req_id", authReqId, "authorization_details", PAYMENT));
            assertThat(same.statusCode()).as(same.body()).isEqualTo(200);
            assertCarriesPayment(Http.json(same));
        }

        @Test
        @DisplayName("a request without details gets tokens without authorization_details")
        void noDetails() throws Exception {
            String authReqId = realm.startAs("speaker", "login_hint", "alice", "binding_message", "RAR-NONE");
            JsonNode tokens = realm.approveAndPoll("speaker", authReqId, "alice", "RAR-NONE");
            assertThat(tokens.has("authorization_details")).isFalse();
            assertThat(Jose.verify(realm.kit, realm.name, tokens.get("access_token").asText()).getClaim("authorization_details")).isNull();
        }
    }

    @Nested
    @DisplayName("Given an approver that was not shown the payment (RFC 9396 §7: an app written before payments existed)")
    class Acknowledgement {

        @Test
        @DisplayName("an app approval without the fingerprint is 409 details_not_acknowledged, decides nothing, and the request stays approvable with it")
        void withoutFingerprint() throws Exception {
            String authReqId = start("speaker", "RAR-ACK-NONE", PAYMENT);
            String app = realm.appToken("alice", true);
            JsonNode listed = listed(app, "RAR-ACK-NONE");
            HttpResponse<String> refused = realm.appPost(app, "/requests/" + listed.get("id").asText() + "/approve");
            assertNotAcknowledged(refused);
            HttpResponse<String> pending = realm.token("speaker", authReqId);
            assertThat(CibaRealm.error(pending)).as(pending.body()).isEqualTo("authorization_pending");
            assertThat(listed(app, "RAR-ACK-NONE").get("id").asText()).isEqualTo(listed.get("id").asText());

            // the same approval with the listed fingerprint, as a form parameter this time
            HttpResponse<String> approved = Http.send(realm.http, HttpRequest.newBuilder(URI.create(realm.appApi()
                    + "/requests/" + listed.get("id").asText() + "/approve")).header("Authorization", "Bearer " + app)
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString("authorization_details_fingerprint="
                            + listed.get("authorization_details_fingerprint").asText())).build());
            assertThat(approved.statusCode()).as(approved.body()).isEqualTo(200);
            HttpResponse<String> token = realm.token("speaker", authReqId);
            assertThat(token.statusCode()).as(token.body()).isEqualTo(200);
            assertCarriesPayment(Http.json(token));
        }

        @Test
        @DisplayName("an app approval with another payment's fingerprint is 409 and decides nothing; a deny needs none")
        void wrongFingerprint() throws Exception {
            String authReqId = start("speaker", "RAR-ACK-WRONG", PAYMENT);
            String app = realm.appToken("alice", true);
            JsonNode listed = listed(app, "RAR-ACK-WRONG");
            HttpResponse<String> refused = appPostJson(app, "/requests/" + listed.get("id").asText() + "/approve",
                    Map.of("authorization_details_fingerprint", ApprovedDetails.fingerprint(PAYMENT.replace("45.00", "4500.00"))));
            assertNotAcknowledged(refused);
            assertThat(CibaRealm.error(realm.token("speaker", authReqId))).isEqualTo("authorization_pending");
            assertThat(realm.appPost(app, "/requests/" + listed.get("id").asText() + "/deny").statusCode()).isEqualTo(200);
            assertThat(CibaRealm.error(realm.token("speaker", authReqId))).isEqualTo("access_denied");
        }

        @Test
        @DisplayName("a page approval without the hidden fingerprint shows the page again with the request still pending")
        void pageWithoutFingerprint() throws Exception {
            String authReqId = start("speaker", "RAR-ACK-PAGE", PAYMENT);
            Browser browser = realm.signedInToApprovalPage("alice");
            String id = realm.pendingId(realm.appToken("alice", true), "RAR-ACK-PAGE");
            browser.submit("approvals/" + id, Map.of("decision", "approve", "authorization_details_fingerprint", ""), realm.kit.baseUrl());
            assertThat(browser.last().body()).contains("id=\"result-details_not_acknowledged\"").contains("request-" + id)
                    .doesNotContain("id=\"result-approved\"");
            HttpResponse<String> pending = realm.token("speaker", authReqId);
            assertThat(CibaRealm.error(pending)).as(pending.body()).isEqualTo("authorization_pending");
            // the page shown again carries the fingerprint: its approve works
            browser.submit("approvals/" + id, Map.of("decision", "approve"), realm.kit.baseUrl());
            assertThat(browser.last().body()).contains("id=\"result-approved\"");
            assertThat(realm.token("speaker", authReqId).statusCode()).isEqualTo(200);
        }
    }

    @Nested
    @DisplayName("Given invalid details (RFC 9396 §5)")
    class Invalid {

        @ParameterizedTest(name = "{0}")
        @CsvSource(delimiter = '|', value = {
                "unknown type|speaker|[{\"type\":\"account_information\",\"actions\":[\"read\"]}]|not supported",
                "bad amount|speaker|[{\"type\":\"payment_initiation\",\"instructedAmount\":{\"currency\":\"EUR\",\"amount\":\"45.001\"},"
                        + "\"creditorName\":\"M\",\"creditorAccount\":{\"iban\":\"DE02100100109307118603\"}}]|amount",
                "not an array|speaker|{\"type\":\"payment_initiation\"}|array",
                "type the client did not register|kiosk|" + "[{\"type\":\"payment_initiation\",\"instructedAmount\":{\"currency\":\"EUR\","
                        + "\"amount\":\"45.00\"},\"creditorName\":\"M\",\"creditorAccount\":{\"iban\":\"DE02100100109307118603\"}}]|register",
        })
        @DisplayName("the backchannel request is refused with 400 invalid_authorization_details and nothing reaches the user")
        void refused(String name, String clientId, String details, String described) {
            String binding = "RAR-BAD-" + Math.abs(name.hashCode() % 1000);
            HttpResponse<String> r = realm.backchannel(clientId, Http.params("scope", "openid", "login_hint", "alice",
                    "binding_message", binding, "authorization_details", details));
            assertThat(r.statusCode()).as(r.body()).isEqualTo(400);
            assertThat(Http.json(r).get("error").asText()).isEqualTo("invalid_authorization_details");
            assertThat(Http.json(r).get("error_description").asText()).contains(described);
            assertThat(realm.appGet(realm.appToken("alice", true), "/requests").body()).doesNotContain(binding);
        }
    }

    @Nested
    @DisplayName("Given a signed request object carries the payment as a JSON array claim (RFC 9396 §3)")
    class SignedRequest {

        @Test
        @DisplayName("the app shows it, and the tokens carry it")
        void signedRequestObject() throws Exception {
            HttpResponse<String> r = realm.backchannel(SIGNED, Map.of("request", signedRequest(SIGNED, "RAR-SIGNED", null)));
            assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
            String authReqId = Http.json(r).get("auth_req_id").asText();
            String app = realm.appToken("alice", true);
            assertThat(listed(app, "RAR-SIGNED").get("payments").get(0).get("text").asText()).isEqualTo(SENTENCE);
            assertThat(approve(app, listed(app, "RAR-SIGNED")).statusCode()).isEqualTo(200);
            HttpResponse<String> token = realm.token(SIGNED, authReqId);
            assertThat(token.statusCode()).as(token.body()).isEqualTo(200);
            assertCarriesPayment(Http.json(token));
        }

        @Test
        @DisplayName("details beside the request object are invalid_request (CIBA Core §7.1.1)")
        void detailsBesideTheRequestObject() throws Exception {
            HttpResponse<String> r = realm.backchannel(SIGNED, Map.of("request", signedRequest(SIGNED, "RAR-BESIDE", null),
                    "authorization_details", PAYMENT));
            assertThat(r.statusCode()).as(r.body()).isEqualTo(400);
            assertThat(Http.json(r).get("error").asText()).isEqualTo("invalid_request");
        }
    }

    @Nested
    @DisplayName("Given a push client (CIBA Core §10.3)")
    class Push {

        @Test
        @DisplayName("the pushed token result carries the approved details")
        void pushed() throws Exception {
            String cnt = "cnt-rar-push";
            HttpResponse<String> r = realm.backchannel(PUSH, Map.of("request", signedRequest(PUSH, "RAR-PUSH", cnt)));
            assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
            String app = realm.appToken("alice", true);
            assertThat(approve(app, listed(app, "RAR-PUSH")).statusCode()).isEqualTo(200);
            HttpsReceiver.Received pushed = await().atMost(Duration.ofSeconds(10)).until(
                    () -> receiver.received().stream().filter(x -> ("Bearer " + cnt).equals(x.header("Authorization"))).findFirst().orElse(null),
                    x -> x != null);
            assertCarriesPayment(Http.JSON.readTree(pushed.body()));
        }
    }

    private static String start(String clientId, String binding, String details) {
        HttpResponse<String> r = realm.backchannel(clientId, Http.params("scope", "openid", "login_hint", "alice",
                "binding_message", binding, "authorization_details", details));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return Http.json(r).get("auth_req_id").asText();
    }

    private static String signedRequest(String clientId, String binding, String cnt) throws Exception {
        Instant now = Instant.now();
        JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder().issuer(clientId).audience(realm.issuer())
                .issueTime(Date.from(now)).notBeforeTime(Date.from(now)).expirationTime(Date.from(now.plusSeconds(300)))
                .jwtID(Jose.randomId()).claim("scope", "openid").claim("login_hint", "alice").claim("binding_message", binding)
                .claim("authorization_details", Http.JSON.convertValue(Http.JSON.readTree(PAYMENT), List.class));
        if (cnt != null) claims.claim("client_notification_token", cnt);
        return Jose.sign(key, JWSAlgorithm.PS256, claims.build());
    }

    /** RFC 9396 §7: the token response names the approved details; §9.1: so does the access token. */
    private static void assertCarriesPayment(JsonNode tokens) throws Exception {
        JsonNode expected = Http.JSON.readTree(PAYMENT);
        assertThat(tokens.get("authorization_details")).as(tokens.toString()).isEqualTo(expected);
        JsonNode access = Http.JSON.valueToTree(Jose.verify(realm.kit, realm.name, tokens.get("access_token").asText()).getClaims());
        assertThat(access.get("authorization_details")).as(access.toString()).isEqualTo(expected);
    }

    /** Approves in the app as an app that showed the details: it sends back the listing's fingerprint (JSON body). */
    private static HttpResponse<String> approve(String app, JsonNode listed) {
        return appPostJson(app, "/requests/" + listed.get("id").asText() + "/approve",
                Map.of("authorization_details_fingerprint", listed.get("authorization_details_fingerprint").asText()));
    }

    private static HttpResponse<String> appPostJson(String app, String path, Map<String, String> body) {
        try {
            return Http.send(realm.http, HttpRequest.newBuilder(URI.create(realm.appApi() + path))
                    .header("Authorization", "Bearer " + app).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(Http.JSON.writeValueAsString(body))).build());
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void assertNotAcknowledged(HttpResponse<String> r) {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(409);
        assertThat(Http.json(r).get("error").asText()).isEqualTo("details_not_acknowledged");
        assertThat(Http.json(r).get("error_description").asText()).isNotBlank();
    }

    private static JsonNode listed(String app, String binding) {
        for (JsonNode req : Http.json(realm.appGet(app, "/requests")).get("requests")) {
            if (binding.equals(req.path("binding_message").asText())) return req;
        }
        throw new AssertionError("no pending request " + binding);
    }
}
