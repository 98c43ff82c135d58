package dev.fapikit.it.certification;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;
import java.util.stream.Collectors;

import javax.net.ssl.SSLException;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jwt.JWTClaimsSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import dev.fapikit.it.ciba.HttpsReceiver;
import dev.fapikit.it.harness.AdminApi;
import dev.fapikit.it.harness.ClientCert;
import dev.fapikit.it.harness.Database;
import dev.fapikit.it.harness.FapiKit;
import dev.fapikit.it.harness.FapiKitServer;
import dev.fapikit.it.harness.Http;
import dev.fapikit.it.harness.Jose;
import dev.fapikit.it.harness.KeycloakServer;
import dev.fapikit.it.harness.TestPki;
import dev.fapikit.it.harness.TlsProbe;

/**
 * Issue 11 acceptance: every certification fix is checked against stock Keycloak 26.7.3 (a node without the FAPI Kit
 * providers and with Keycloak's default configuration, started here) and against the bundle (the shared node). Each
 * check is one method run unchanged on both targets, on a realm created through the admin API with stock features
 * only; the test then asserts the stock defect on stock (so the check as the bundle must pass it fails there) and the
 * correct behaviour on the bundle.
 *
 * <p>Only the user's CIBA authentication device differs: stock Keycloak has its HTTP authentication channel (a
 * receiver here gets the channel request and approves through Keycloak's callback endpoint), the bundle has the FAPI
 * Kit authenticator app API.
 */
@FapiKitServer
class StockComparisonIT {

    static final String CIBA_GRANT = "urn:openid:params:grant-type:ciba";
    static final String REDIRECT = "https://client.example.org/cb";
    /** Keycloak's default polling interval; stock answers slow_down to a token request sooner than this after a poll. */
    static final int INTERVAL_SECONDS = 5;

    /** Five token responses, one consent row, and the pair keeps working. */
    private static final Concurrency FIRST_APPROVALS_CORRECT = new Concurrency(Map.of(new Answer(200, "tokens"), 5L), 200, 1,
            new Answer(200, "tokens"));

    private static final List<String> TABLE = new ArrayList<>();

    private static HttpsReceiver channel;
    private static HttpsReceiver notifications;
    private static KeycloakServer stockNode;
    private static ClientCert parKey;
    private static ClientCert otherKey;
    private static Target stock;
    private static Target bundle;

    @BeforeAll
    static void startStockNode(FapiKit kit) throws IOException {
        // Keycloak's HTTP authentication channel needs 201 Created; the ping receiver answers 204
        channel = new HttpsReceiver(kit, 201);
        notifications = new HttpsReceiver(kit);
        stockNode = kit.stockNodeBuilder("node-stock")
                // PostgreSQL, like the shared node, so both targets race on the same database
                .database(Database.postgres(databaseName()).recreate())
                .startOption("--spi-ciba-auth-channel--ciba-http-auth-channel--http-authentication-channel-uri="
                        + channel.url("/channel"))
                .build().install().start();
        parKey = kit.pki().loadOrIssueClient("stock-cmp-par", "CN=stock-cmp-par,O=FAPI Kit Dev");
        otherKey = kit.pki().loadOrIssueClient("stock-cmp-other", "CN=stock-cmp-other,O=FAPI Kit Dev");

        HttpClient http = kit.http(null);
        String realm = "stock-cmp-" + UUID.randomUUID().toString().substring(0, 8);
        stock = new Target("stock", stockNode, AdminApi.of(stockNode, http), http, kit.pki(), new HttpChannelDevice(), realm);
        bundle = new Target("bundle", kit.server(), kit.admin(), http, kit.pki(), new AppDevice(), realm);
        for (Target t : List.of(stock, bundle)) {
            createRealm(t);
            t.device.setUp(t);
        }
    }

    @AfterAll
    static void stopStockNode() {
        System.out.println("[stock-comparison] item | stock Keycloak 26.7.3 observed | FAPI Kit bundle observed");
        TABLE.forEach(row -> System.out.println("[stock-comparison] " + row));
        if (bundle != null) {
            bundle.admin.delete("realms/" + bundle.realm);
        }
        if (stockNode != null) {
            stockNode.stop();
        }
        if (channel != null) {
            channel.close();
        }
        if (notifications != null) {
            notifications.close();
        }
    }

    // ------------------------------------------------------------------------------------------------ the comparisons

    @Test
    @DisplayName("ping: approved within 1 s of a poll, the token request right after the ping gets tokens (stock: slow_down)")
    void pingApproval() throws Exception {
        compare("1 ping approval, then immediate token request", t -> afterPing(t, true, "PING-OK"),
                s -> assertThat(s.answer).as("stock").isEqualTo(new Answer(400, "slow_down")),
                b -> assertThat(b.answer).as("bundle").isEqualTo(new Answer(200, "tokens")));
    }

    @Test
    @DisplayName("ping: denied within 1 s of a poll, the token request right after the ping gets access_denied (stock: slow_down)")
    void pingDenial() throws Exception {
        compare("1 ping denial, then immediate token request", t -> afterPing(t, false, "PING-NO"),
                s -> assertThat(s.answer).as("stock").isEqualTo(new Answer(400, "slow_down")),
                b -> assertThat(b.answer).as("bundle").isEqualTo(new Answer(400, "access_denied")));
    }

    @Test
    @DisplayName("five concurrent first-time approvals of one user and client, five token requests: all 200, one consent (stock: 409s or duplicates)")
    void concurrentFirstApprovals() throws Exception {
        compare("2 five concurrent first-time approvals", StockComparisonIT::concurrentFirstApprovals,
                s -> assertThat(s).as("stock").isNotEqualTo(FIRST_APPROVALS_CORRECT),
                b -> assertThat(b).as("bundle").isEqualTo(FIRST_APPROVALS_CORRECT));
    }

    @Test
    @DisplayName("PAR with a bad client assertion (wrong aud, bad signature) is 401 invalid_client (stock: invalid_request)")
    void parBadClientAssertion() throws Exception {
        compare("3 PAR, bad client assertion", StockComparisonIT::parWithBadAssertions,
                s -> assertThat(s).as("stock").containsOnly(new Answer(401, "invalid_request")),
                b -> assertThat(b).as("bundle").containsOnly(new Answer(401, "invalid_client")));
    }

    @Test
    @DisplayName("discovery does not offer 'none' request objects (stock lists it)")
    void discoveryWithoutNone() throws Exception {
        compare("4 request_object_signing_alg_values_supported", StockComparisonIT::requestObjectAlgorithms,
                s -> assertThat(s).as("stock").contains("none"),
                b -> assertThat(b).as("bundle").isNotEmpty().doesNotContain("none"));
    }

    @Test
    @DisplayName("a CIBA login_hint naming no user is unknown_user_id (stock: invalid_request)")
    void unknownHint() throws Exception {
        compare("5 CIBA login_hint naming no user", StockComparisonIT::unknownUserHint,
                s -> assertThat(s).as("stock").isEqualTo(new Answer(400, "invalid_request")),
                b -> assertThat(b).as("bundle").isEqualTo(new Answer(400, "unknown_user_id")));
    }

    @Test
    @DisplayName("TLS: 1.1 and CBC suites refused, 1.3 accepted (stock accepts CBC suites)")
    void tls() throws Exception {
        compare("6 TLS handshakes", StockComparisonIT::handshakes,
                s -> assertThat(s.cbcAccepted).as("stock accepts a CBC suite").isNotEmpty(),
                b -> assertThat(b).as("bundle").isEqualTo(new Tls(false, List.of(), true)));
    }

    @Test
    @DisplayName("CIBA: carol names herself, adds sub=<alice's id> as a form parameter and approves: the tokens are carol's (stock: alice's)")
    void injectedSubject() throws Exception {
        compare("7 CIBA form parameter sub=<another user's id>, approved by the user the hint names", StockComparisonIT::injectedSubject,
                s -> assertThat(s).as("stock").isEqualTo("tokens for alice"),
                b -> assertThat(b).as("bundle").isEqualTo("tokens for carol"));
    }

    /** Runs {@code check} on both targets, records the row for the report, then asserts each target's expectation. */
    private static <T> void compare(String item, Check<T> check, Consumer<T> onStock, Consumer<T> onBundle) throws Exception {
        T s = check.on(stock);
        T b = check.on(bundle);
        TABLE.add(item + " | " + s + " | " + b);
        onStock.accept(s);
        onBundle.accept(b);
    }

    // ------------------------------------------------------------------------------ the checks, the same for both targets

    /**
     * CIBA Core §10.2: a ping-mode client polls once (pending), the user decides within 1 s, the client requests its
     * result as soon as the ping arrives, well inside the polling interval of that poll.
     */
    static PingOutcome afterPing(Target t, boolean approve, String bindingMessage) throws Exception {
        String cnt = "cnt-" + t.name + "-" + bindingMessage;
        String authReqId = t.startCiba("pinger", "alice", bindingMessage, "client_notification_token", cnt);
        Decision decision = t.device.pending(t, "alice", bindingMessage);

        HttpResponse<String> poll = t.token("pinger", authReqId);
        long polled = System.nanoTime();
        assertThat(Http.json(poll).path("error").asText()).as(poll.body()).isEqualTo("authorization_pending");
        HttpResponse<String> decided = approve ? decision.approve() : decision.deny();
        long decisionMillis = (System.nanoTime() - polled) / 1_000_000;
        // both devices answer 200: Keycloak's CIBA callback (Response.ok) and FAPI Kit's app API (the decision as JSON)
        assertThat(decided.statusCode()).as(decided.body()).isEqualTo(200);
        awaitPing(cnt);
        HttpResponse<String> result = t.token("pinger", authReqId);
        long sincePollMillis = (System.nanoTime() - polled) / 1_000_000;
        // the precondition of the stock defect, so no timing of ours decides the outcome
        assertThat(decisionMillis).as("decision within 1 s of the poll").isLessThan(1000);
        assertThat(sincePollMillis).as("token request inside the polling interval").isLessThan(INTERVAL_SECONDS * 1000 - 1000);
        return new PingOutcome(Answer.of(result), decisionMillis, sincePollMillis);
    }

    /**
     * Five CIBA requests of one user (no consent yet) and one client, approved at the same moment, then their five
     * token requests at the same moment; the user's consents for the client; and one more flow for the pair. Stock
     * Keycloak grants the first consent inside the token request, unguarded: on PostgreSQL (both nodes here) the losers
     * of the race get 409; on the embedded dev database all succeed and leave one consent row each.
     */
    static Concurrency concurrentFirstApprovals(Target t) throws Exception {
        List<String> authReqIds = new ArrayList<>();
        List<Decision> decisions = new ArrayList<>();
        // five: the most one client may have pending for one user on the bundle (max-pending-per-client-user)
        for (int i = 0; i < 5; i++) {
            authReqIds.add(t.startCiba("poller", "carol", "C-" + i));
            decisions.add(t.device.pending(t, "carol", "C-" + i));
        }
        List<HttpResponse<String>> approvals = concurrently(decisions.stream()
                .<Callable<HttpResponse<String>>>map(d -> d::approve).toList());
        for (HttpResponse<String> a : approvals) {
            assertThat(a.statusCode()).as(a.body()).isEqualTo(200);
        }
        List<HttpResponse<String>> tokens = concurrently(authReqIds.stream()
                .<Callable<HttpResponse<String>>>map(id -> () -> t.token("poller", id)).toList());

        HttpResponse<String> consents = t.admin.send("GET", "realms/" + t.realm + "/users/" + t.userId("carol") + "/consents", null);
        int rows = consents.statusCode() == 200 ? Http.json(consents).findValuesAsText("clientId").size() : -1;

        String next = t.startCiba("poller", "carol", "C-next");
        t.device.pending(t, "carol", "C-next").approve();
        HttpResponse<String> nextTokens = t.token("poller", next);
        return new Concurrency(tokens.stream().collect(Collectors.groupingBy(Answer::of, TreeMap::new, Collectors.counting())),
                consents.statusCode(), rows, Answer.of(nextTokens));
    }

    /**
     * Issue 16 §1, CIBA Core 1.0 §7.1/§10.1: carol's own request (login_hint=carol) with an extra form parameter
     * {@code sub} naming alice; carol approves on her device; whose tokens the token endpoint issues.
     */
    static String injectedSubject(Target t) throws Exception {
        String alice = t.userId("alice");
        String authReqId = t.startCiba("poller", "carol", "INJ-SUB", "sub", alice);
        HttpResponse<String> approved = t.device.pending(t, "carol", "INJ-SUB").approve();
        assertThat(approved.statusCode()).as(approved.body()).isEqualTo(200);
        HttpResponse<String> tokens = t.token("poller", authReqId);
        if (tokens.statusCode() != 200) return Answer.of(tokens).toString();
        String sub = com.nimbusds.jwt.SignedJWT.parse(Http.json(tokens).get("access_token").asText()).getJWTClaimsSet().getSubject();
        return sub.equals(alice) ? "tokens for alice" : sub.equals(t.userId("carol")) ? "tokens for carol" : "tokens for " + sub;
    }

    /** RFC 9126 §2.3 / RFC 6749 §5.2: PAR with a client assertion of the wrong audience, and one with a bad signature. */
    static List<Answer> parWithBadAssertions(Target t) {
        HttpResponse<String> control = t.par(assertion(parKey, t.issuer()));
        assertThat(control.statusCode()).as("control: a good assertion is accepted: " + control.body()).isEqualTo(201);
        String[] good = assertion(parKey, t.issuer()).split("\\.");
        String[] other = assertion(otherKey, t.issuer()).split("\\.");
        return List.of(Answer.of(t.par(assertion(parKey, "https://other.example.org/realms/x"))),
                Answer.of(t.par(good[0] + "." + good[1] + "." + other[2])));
    }

    /** OIDC Discovery §3: what the realm says it accepts for request objects. */
    static List<String> requestObjectAlgorithms(Target t) {
        JsonNode metadata = Http.json(Http.get(t.http, t.issuer() + "/.well-known/openid-configuration"));
        List<String> algs = new ArrayList<>();
        metadata.path("request_object_signing_alg_values_supported").forEach(a -> algs.add(a.asText()));
        return algs;
    }

    /** CIBA Core §13: a login_hint that names no user. */
    static Answer unknownUserHint(Target t) {
        return Answer.of(t.backchannel("poller", Http.params("scope", "openid", "login_hint", "nobody@example.org")));
    }

    /** FAPI 1.0 Part 2 §8.5, FAPI 2.0 SP §5.2.1: TLS 1.1 (hand-made ClientHello), TLS 1.2 with CBC suites, TLS 1.3. */
    static Tls handshakes(Target t) throws IOException {
        boolean tls11 = TlsProbe.firstRecordType(t.server.httpsPort(), TlsProbe.clientHello(0x0302, TlsProbe.OLD_SUITES)) == 22;
        List<String> cbc = new ArrayList<>();
        for (String suite : List.of("TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA256", "TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA384",
                "TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA", "TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA")) {
            if (t.accepts("TLSv1.2", suite)) {
                cbc.add(suite);
            }
        }
        return new Tls(tls11, cbc, t.accepts("TLSv1.3", null));
    }

    // --------------------------------------------------------------------------------------------------- outcomes

    @FunctionalInterface
    interface Check<T> {
        T on(Target t) throws Exception;
    }

    /** An HTTP answer: its status and OAuth error, or "tokens" for a token response. */
    record Answer(int status, String result) implements Comparable<Answer> {
        static Answer of(HttpResponse<String> r) {
            JsonNode json;
            try {
                json = Http.JSON.readTree(r.body());
            } catch (IOException notJson) {
                return new Answer(r.statusCode(), r.body().substring(0, Math.min(80, r.body().length())));
            }
            return new Answer(r.statusCode(), json.has("access_token") ? "tokens" : json.path("error").asText(r.body()));
        }

        @Override
        public int compareTo(Answer o) {
            return toString().compareTo(o.toString());
        }

        @Override
        public String toString() {
            return status + " " + result;
        }
    }

    record PingOutcome(Answer answer, long decisionMillis, long sincePollMillis) {
        @Override
        public String toString() {
            return answer + " (decided " + decisionMillis + " ms after the poll, token request " + sincePollMillis + " ms after it)";
        }
    }

    record Concurrency(Map<Answer, Long> tokenAnswers, int consentListStatus, int consentRows, Answer nextToken) {
        @Override
        public String toString() {
            return "token requests " + tokenAnswers + ", consent list HTTP " + consentListStatus + " with " + consentRows
                    + " row(s), next flow's token request " + nextToken;
        }
    }

    record Tls(boolean tls11Accepted, List<String> cbcAccepted, boolean tls13Accepted) {
        @Override
        public String toString() {
            return "TLS 1.1 " + (tls11Accepted ? "accepted" : "refused") + ", CBC accepted " + cbcAccepted + ", TLS 1.3 "
                    + (tls13Accepted ? "accepted" : "refused");
        }
    }

    // ---------------------------------------------------------------------------------------------------- targets

    /** A server under comparison with its realm for this class and the user's CIBA authentication device. */
    record Target(String name, KeycloakServer server, AdminApi admin, HttpClient http, TestPki pki, Device device, String realm) {

        String issuer() {
            return server.baseUrl() + "/realms/" + realm;
        }

        String oidc() {
            return issuer() + "/protocol/openid-connect";
        }

        String userId(String username) {
            return admin.get("realms/" + realm + "/users?exact=true&username=" + username).get(0).get("id").asText();
        }

        String clientUuid(String clientId) {
            return admin.get("realms/" + realm + "/clients?clientId=" + clientId).get(0).get("id").asText();
        }

        /** CIBA Core §7.1, client_secret_basic. */
        HttpResponse<String> backchannel(String clientId, Map<String, String> params) {
            return secretPost(oidc() + "/ext/ciba/auth", clientId, params);
        }

        String startCiba(String clientId, String user, String bindingMessage, String... more) {
            Map<String, String> p = new LinkedHashMap<>(Http.params("scope", "openid", "login_hint", user,
                    "binding_message", bindingMessage));
            p.putAll(Http.params(more));
            HttpResponse<String> r = backchannel(clientId, p);
            assertThat(r.statusCode()).as(name + ": " + r.body()).isEqualTo(200);
            return Http.json(r).get("auth_req_id").asText();
        }

        /** CIBA Core §10.1 */
        HttpResponse<String> token(String clientId, String authReqId) {
            return secretPost(oidc() + "/token", clientId, Http.params("grant_type", CIBA_GRANT, "auth_req_id", authReqId));
        }

        HttpResponse<String> par(String clientAssertion) {
            return Http.postForm(http, oidc() + "/ext/par/request", Http.params("client_id", "par-client",
                    "response_type", "code", "scope", "openid", "redirect_uri", REDIRECT,
                    "client_assertion_type", Jose.CLIENT_ASSERTION_TYPE, "client_assertion", clientAssertion));
        }

        HttpResponse<String> secretPost(String url, String clientId, Map<String, String> params) {
            String basic = Base64.getEncoder().encodeToString((clientId + ":" + clientId + "-secret").getBytes(StandardCharsets.UTF_8));
            return Http.send(http, HttpRequest.newBuilder(URI.create(url))
                    .header("Content-Type", "application/x-www-form-urlencoded").header("Authorization", "Basic " + basic)
                    .POST(HttpRequest.BodyPublishers.ofString(Http.form(params))).build());
        }

        /** True if a handshake with exactly this protocol (and suite) succeeds; false on the server's refusal. */
        boolean accepts(String protocol, String suite) throws IOException {
            try {
                TlsProbe.handshake(pki.sslContext(null), server.httpsPort(), protocol, suite);
                return true;
            } catch (SSLException refused) {
                return false;
            }
        }
    }

    /** How the user decides a pending CIBA request on one target. */
    interface Device {
        /** What the device needs in the realm beyond the stock CIBA setup. */
        void setUp(Target t);

        /** The user's pending request with this binding message, resolved ahead so deciding it is one request. */
        Decision pending(Target t, String user, String bindingMessage) throws Exception;
    }

    interface Decision {
        HttpResponse<String> approve();

        HttpResponse<String> deny();
    }

    /**
     * Stock Keycloak's HTTP authentication channel: the channel request arrives at {@link #channel} with a bearer token;
     * the device answers through Keycloak's callback endpoint with that token (status SUCCEED or UNAUTHORIZED).
     */
    static final class HttpChannelDevice implements Device {
        @Override
        public void setUp(Target t) {
            // the channel is server-wide (the start option); nothing in the realm
        }

        @Override
        public Decision pending(Target t, String user, String bindingMessage) {
            String bearer = channel.received().stream()
                    .filter(r -> bindingMessage.equals(json(r.body()).path("binding_message").asText())
                            && json(r.body()).path("login_hint").asText().equals(user))
                    .reduce((first, last) -> last).map(r -> r.header("Authorization"))
                    .orElseThrow(() -> new AssertionError("no channel request with binding_message " + bindingMessage));
            return new Decision() {
                @Override
                public HttpResponse<String> approve() {
                    return callback("SUCCEED");
                }

                @Override
                public HttpResponse<String> deny() {
                    return callback("UNAUTHORIZED");
                }

                private HttpResponse<String> callback(String status) {
                    return Http.send(t.http, HttpRequest.newBuilder(URI.create(t.oidc() + "/ext/ciba/auth/callback"))
                            .header("Authorization", bearer).header("Content-Type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofString("{\"status\":\"" + status + "\"}")).build());
                }
            };
        }
    }

    /** The FAPI Kit authenticator app API ({@code /realms/{r}/fapi-kit-ciba/app}), with an app token of the user. */
    static final class AppDevice implements Device {
        private final Map<String, String> appTokens = new ConcurrentHashMap<>();

        @Override
        public void setUp(Target t) {
            ObjectNode realm = (ObjectNode) t.admin.get("realms/" + t.realm);
            realm.with("attributes").put("fapi-kit-ciba-channels", "app");
            assertThat(t.admin.put("realms/" + t.realm, realm).statusCode()).isEqualTo(204);
            assertThat(t.admin.post("realms/" + t.realm + "/clients", Map.of("clientId", "authenticator-app",
                    "publicClient", true, "standardFlowEnabled", false, "directAccessGrantsEnabled", true)).statusCode()).isEqualTo(201);
            HttpResponse<String> scope = t.admin.post("realms/" + t.realm + "/client-scopes", Map.of(
                    "name", "fapi-kit-ciba-approver", "protocol", "openid-connect",
                    "attributes", Map.of("include.in.token.scope", "true", "display.on.consent.screen", "false")));
            assertThat(scope.statusCode()).isEqualTo(201);
            String location = scope.headers().firstValue("Location").orElseThrow();
            assertThat(t.admin.put("realms/" + t.realm + "/clients/" + t.clientUuid("authenticator-app")
                    + "/optional-client-scopes/" + location.substring(location.lastIndexOf('/') + 1), null).statusCode()).isEqualTo(204);
        }

        @Override
        public Decision pending(Target t, String user, String bindingMessage) {
            String token = appTokens.computeIfAbsent(user, u -> {
                HttpResponse<String> r = Http.postForm(t.http, t.oidc() + "/token", Http.params("grant_type", "password",
                        "client_id", "authenticator-app", "username", u, "password", u + "-pw",
                        "scope", "openid fapi-kit-ciba-approver"));
                assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
                return Http.json(r).get("access_token").asText();
            });
            String app = t.issuer() + "/fapi-kit-ciba/app";
            HttpResponse<String> list = Http.get(t.http, app + "/requests", "Authorization", "Bearer " + token);
            assertThat(list.statusCode()).as(list.body()).isEqualTo(200);
            String id = null;
            for (JsonNode req : Http.json(list).get("requests")) {
                if (bindingMessage.equals(req.path("binding_message").asText())) {
                    id = req.get("id").asText();
                }
            }
            assertThat(id).as("pending request " + bindingMessage + ": " + list.body()).isNotNull();
            String requestUrl = app + "/requests/" + id;
            return new Decision() {
                @Override
                public HttpResponse<String> approve() {
                    return post(requestUrl + "/approve");
                }

                @Override
                public HttpResponse<String> deny() {
                    return post(requestUrl + "/deny");
                }

                private HttpResponse<String> post(String url) {
                    return Http.send(t.http, HttpRequest.newBuilder(URI.create(url)).header("Authorization", "Bearer " + token)
                            .POST(HttpRequest.BodyPublishers.noBody()).build());
                }
            };
        }
    }

    // ------------------------------------------------------------------------------------------------------ setup

    /**
     * The same realm on both targets, with stock features only: CIBA (poll by default, {@value #INTERVAL_SECONDS} s
     * interval, login_hint), a ping client, a poll client, a private_key_jwt client for PAR, users alice and carol.
     */
    static void createRealm(Target t) {
        Map<String, Object> realm = Map.of("realm", t.realm, "enabled", true,
                "attributes", Map.of("cibaBackchannelTokenDeliveryMode", "poll", "cibaExpiresIn", "120",
                        "cibaInterval", String.valueOf(INTERVAL_SECONDS), "cibaAuthRequestedUserHint", "login_hint"),
                "clients", List.of(
                        cibaClient("pinger", Map.of("ciba.backchannel.token.delivery.mode", "ping",
                                "ciba.backchannel.client.notification.endpoint", notifications.url("/notify"))),
                        cibaClient("poller", Map.of("ciba.backchannel.token.delivery.mode", "poll")),
                        Map.of("clientId", "par-client", "publicClient", false, "clientAuthenticatorType", "client-jwt",
                                "standardFlowEnabled", true, "redirectUris", List.of(REDIRECT),
                                "attributes", Map.of("jwt.credential.certificate", parKey.certificateBase64(), "use.jwks.url", "false"))),
                "users", List.of(user("alice"), user("carol")));
        HttpResponse<String> created = t.admin.post("realms", realm);
        assertThat(created.statusCode()).as(t.name + ": " + created.body()).isEqualTo(201);
    }

    private static Map<String, Object> cibaClient(String clientId, Map<String, String> attributes) {
        Map<String, String> attrs = new LinkedHashMap<>(attributes);
        attrs.put("oidc.ciba.grant.enabled", "true");
        return Map.of("clientId", clientId, "secret", clientId + "-secret", "publicClient", false,
                "standardFlowEnabled", false, "consentRequired", false, "attributes", attrs);
    }

    private static Map<String, Object> user(String username) {
        return Map.of("username", username, "email", username + "@example.org", "firstName", username, "lastName", "Demo",
                "enabled", true, "emailVerified", true,
                "credentials", List.of(Map.of("type", "password", "value", username + "-pw", "temporary", false)));
    }

    static String assertion(ClientCert key, String audience) {
        Instant now = Instant.now();
        return Jose.sign(key, JWSAlgorithm.PS256, new JWTClaimsSet.Builder().issuer("par-client").subject("par-client")
                .audience(audience).jwtID(Jose.randomId()).issueTime(Date.from(now))
                .expirationTime(Date.from(now.plusSeconds(60))).build());
    }

    private static void awaitPing(String clientNotificationToken) {
        await("a ping with client_notification_token " + clientNotificationToken).atMost(Duration.ofSeconds(10))
                .pollInterval(Duration.ofMillis(20))
                .until(() -> notifications.received().stream().anyMatch(r -> ("Bearer " + clientNotificationToken).equals(r.header("Authorization"))));
    }

    private static JsonNode json(String body) {
        try {
            return Http.JSON.readTree(body);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
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
            for (Future<T> f : futures) {
                results.add(f.get());
            }
            return results;
        } finally {
            pool.shutdownNow();
        }
    }

    /** One PostgreSQL database per checkout for the stock node. */
    private static String databaseName() {
        try {
            byte[] h = MessageDigest.getInstance("SHA-256")
                    .digest(Path.of("").toAbsolutePath().toString().getBytes(StandardCharsets.UTF_8));
            return "fapikit_stock_" + HexFormat.of().formatHex(h, 0, 5);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
