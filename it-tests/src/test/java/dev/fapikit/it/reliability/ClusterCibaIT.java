package dev.fapikit.it.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import dev.fapikit.it.Polling;
import dev.fapikit.it.harness.Browser;
import dev.fapikit.it.harness.HarnessSettings;
import dev.fapikit.it.harness.Http;
import dev.fapikit.it.harness.KeycloakServer;
import dev.fapikit.it.harness.TestPki;
import dev.fapikit.it.harness.cluster.ClusterNodes;

/**
 * CIBA on two clustered nodes (issue 9 items 1–3, issue 5 "exactly once" and "expiry without any poll"): ping and push
 * notifications of a request accepted on one node and decided on the other are delivered exactly once, also when both
 * nodes are asked to approve at the same moment; the {@code expired_token} push of a request whose accepting node is
 * down is sent once by the other node, and nothing is sent twice when the node is back; 1,000 parallel flows, mixed
 * poll/ping/push, approved or denied through the app API or the approval page on either node, each end in exactly one
 * correct outcome. Starts its own two nodes (one cluster for the class), stops them after.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@DisplayName("CIBA on two clustered nodes: exactly-once notifications, expiry on any node, 1,000 flows")
class ClusterCibaIT {

    private static final int USERS = 100; // 10 pending requests each (the default per-user cap) hold the 1,000 flows
    private static final int LOAD_FLOWS = 1000;
    private static final List<String> MODES = List.of("poll", "ping", "push");

    static ClusterNodes cluster;
    static NotificationReceiver receiver;
    static Node a;
    static Node b;
    static String realm;
    static TestPki pki;

    /** One node as clients see it: its own address, the cluster's issuer. */
    record Node(String name, KeycloakServer server, HttpClient http) {
        String url(String path) {
            return server.baseUrl() + path;
        }

        String realmUrl() {
            return url("/realms/" + realm);
        }

        String oidc() {
            return realmUrl() + "/protocol/openid-connect";
        }

        HttpResponse<String> form(String url, String clientId, Map<String, String> params) {
            HttpRequest.Builder r = HttpRequest.newBuilder(URI.create(url)).header("Content-Type", "application/x-www-form-urlencoded")
                    .timeout(Duration.ofSeconds(60)).POST(HttpRequest.BodyPublishers.ofString(Http.form(params)));
            if (clientId != null) {
                r.header("Authorization", "Basic " + Base64.getEncoder().encodeToString((clientId + ":" + clientId + "-secret").getBytes()));
            }
            return Http.send(http, r.build());
        }

        HttpResponse<String> admin(String method, String path, Object body) {
            HttpResponse<String> t = form(url("/realms/master/protocol/openid-connect/token"), null, Http.params("grant_type", "password",
                    "client_id", "admin-cli", "username", KeycloakServer.ADMIN_USER, "password", KeycloakServer.ADMIN_PASSWORD));
            assertThat(t.statusCode()).as(t.body()).isEqualTo(200);
            String json = body == null ? null : Http.JSON.valueToTree(body).toString();
            HttpRequest.Builder r = HttpRequest.newBuilder(URI.create(url("/admin/" + path)))
                    .header("Authorization", "Bearer " + Http.json(t).get("access_token").asText())
                    .method(method, json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json));
            if (json != null) r.header("Content-Type", "application/json");
            return Http.send(http, r.build());
        }

        /** CIBA Core §7.1; returns the auth_req_id. */
        String start(String client, String user, String bindingMessage, String... more) {
            Map<String, String> p = new LinkedHashMap<>(Http.params("scope", "openid", "login_hint", user, "binding_message", bindingMessage));
            if (!client.equals("poll")) p.put("client_notification_token", "cnt-" + bindingMessage);
            p.putAll(Http.params(more));
            HttpResponse<String> r = form(oidc() + "/ext/ciba/auth", client, p);
            assertThat(r.statusCode()).as("%s %s", name, r.body()).isEqualTo(200);
            return Http.json(r).get("auth_req_id").asText();
        }

        HttpResponse<String> token(String client, String authReqId) {
            return form(oidc() + "/token", client, Http.params("grant_type", HostileRealm.CIBA_GRANT, "auth_req_id", authReqId));
        }

        String appToken(String user) {
            HttpResponse<String> r = form(oidc() + "/token", null, Http.params("grant_type", "password", "client_id", "authenticator-app",
                    "username", user, "password", user + "-pw", "scope", "openid fapi-kit-ciba-approver"));
            assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
            return Http.json(r).get("access_token").asText();
        }

        HttpResponse<String> app(String method, String token, String path) {
            return Http.send(http, HttpRequest.newBuilder(URI.create(realmUrl() + "/fapi-kit-ciba/app" + path)).timeout(Duration.ofSeconds(60))
                    .header("Authorization", "Bearer " + token).method(method, HttpRequest.BodyPublishers.noBody()).build());
        }

        /** binding_message → request id of the user's pending requests. */
        Map<String, String> pending(String appToken) {
            HttpResponse<String> r = app("GET", appToken, "/requests");
            assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
            Map<String, String> ids = new LinkedHashMap<>();
            for (JsonNode req : Http.json(r).get("requests")) ids.put(req.path("binding_message").asText(), req.get("id").asText());
            return ids;
        }
    }

    @BeforeAll
    static void startCluster() throws Exception {
        HarnessSettings settings = HarnessSettings.load();
        Path work = Path.of(System.getProperty("fapikit.work.dir", "target/fapi-kit-it")).toAbsolutePath();
        pki = TestPki.loadOrCreate(work.resolve("pki"));
        // a built installation to copy, if an earlier test class left one (saves a kc.sh build)
        Path seed = work.resolve("cluster/node-a/keycloak-" + settings.keycloakVersion());
        if (!Files.exists(seed.resolve("bin/kc.sh"))) seed = work.resolve("node-1/keycloak-" + settings.keycloakVersion());
        Path home = work.resolve("cluster-ciba");
        // this machine is shared with other test servers: bounded but generous notification timeouts, so a starved
        // receiver does not turn a slow answer into a retry (a retry after a read timeout can deliver twice)
        cluster = ClusterNodes.create(settings, pki, home, ClusterNodes.databaseName(home), 2, seed, List.of(
                "--spi-fapi-kit-ciba-delivery--default--outbound-connect-timeout-ms=10000",
                "--spi-fapi-kit-ciba-delivery--default--outbound-timeout-ms=30000"));
        cluster.startAll();
        a = new Node("A", cluster.node(0), http(pki));
        b = new Node("B", cluster.node(1), http(pki));
        receiver = new NotificationReceiver(pki);

        realm = "cluster-ciba-" + UUID.randomUUID().toString().substring(0, 8);
        ObjectNode rep = (ObjectNode) HostileRealm.resource("reliability/hostile-realm.json");
        rep.put("realm", realm);
        // load: no brute-force bookkeeping or event rows per request, cheap password hashing for 100 users' app sign-ins
        rep.put("bruteForceProtected", false);
        rep.put("eventsEnabled", false);
        rep.put("passwordPolicy", "hashIterations(1)");
        ((ObjectNode) rep.get("attributes")).put("cibaExpiresIn", "600");
        ArrayNode clients = (ArrayNode) rep.get("clients");
        for (String mode : MODES) clients.add(Http.JSON.valueToTree(cibaClient(mode)));
        ArrayNode users = (ArrayNode) rep.get("users");
        for (int u = 0; u < USERS; u++) users.add(Http.JSON.valueToTree(user(userName(u))));
        HttpResponse<String> created = a.admin("POST", "realms", rep);
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        HttpResponse<String> scope = a.admin("POST", "realms/" + realm + "/client-scopes", Map.of("name", "fapi-kit-ciba-approver",
                "protocol", "openid-connect", "attributes", Map.of("include.in.token.scope", "true", "display.on.consent.screen", "false")));
        assertThat(scope.statusCode()).as(scope.body()).isEqualTo(201);
        String scopeId = scope.headers().firstValue("Location").orElseThrow().replaceAll(".*/", "");
        String appId = Http.json(a.admin("GET", "realms/" + realm + "/clients?clientId=authenticator-app", null)).get(0).get("id").asText();
        assertThat(a.admin("PUT", "realms/" + realm + "/clients/" + appId + "/optional-client-scopes/" + scopeId, null).statusCode()).isEqualTo(204);
    }

    @AfterAll
    static void stopCluster() {
        if (receiver != null) receiver.close();
        if (cluster != null) cluster.close();
    }

    @Test
    @Order(1)
    @DisplayName("ping and push of a request accepted on A and approved on B are delivered once, also when A and B are asked to approve at the same moment")
    void notificationsExactlyOnceAcrossNodes() throws Exception {
        int rounds = 4;
        List<String> expected = new ArrayList<>();
        int simultaneousWins = 0;
        for (int i = 0; i < rounds; i++) {
            for (String mode : List.of("ping", "push")) {
                String message = "ONCE-" + mode + "-" + i;
                String authReqId = a.start(mode, "u000", message);
                expected.add(authReqId);
                String id = b.pending(b.appToken("u000")).get(message);
                assertThat(id).as("pending on B: " + message).isNotNull();
                if (i % 2 == 0) {
                    // plain: approved on B
                    assertThat(b.app("POST", b.appToken("u000"), "/requests/" + id + "/approve").statusCode()).isEqualTo(200);
                } else {
                    // simultaneous: the same approval posted to A and B at once; one decides, the other is told so
                    String tokenA = a.appToken("u000");
                    String tokenB = b.appToken("u000");
                    CyclicBarrier together = new CyclicBarrier(2);
                    ExecutorService two = Executors.newFixedThreadPool(2);
                    try {
                        Future<Integer> atA = two.submit(() -> { together.await(); return a.app("POST", tokenA, "/requests/" + id + "/approve").statusCode(); });
                        Future<Integer> atB = two.submit(() -> { together.await(); return b.app("POST", tokenB, "/requests/" + id + "/approve").statusCode(); });
                        List<Integer> statuses = List.of(atA.get(60, TimeUnit.SECONDS), atB.get(60, TimeUnit.SECONDS));
                        assertThat(statuses).as(message).containsOnlyOnce(200);
                        assertThat(statuses.stream().filter(s -> s != 200).toList()).allMatch(s -> s == 404 || s == 409);
                        simultaneousWins++;
                    } finally {
                        two.shutdownNow();
                    }
                }
                // the ping client redeems at A; the push client got its tokens in the push
                receiver.awaitFor("/" + mode, authReqId, 20);
                if (mode.equals("ping")) {
                    HttpResponse<String> tokens = a.token("ping", authReqId);
                    assertThat(tokens.statusCode()).as(tokens.body()).isEqualTo(200);
                }
            }
        }
        // a push request nobody decides: both nodes hold its expiry timer, exactly one pushes expired_token
        String expiring = a.start("push", "u001", "ONCE-expiry", "requested_expiry", "3");
        expected.add(expiring);
        // its push comes after expiry + 1 s (PushExpiry); then a late duplicate's chance: 3 s in which none comes
        receiver.awaitFor("/push", expiring, 20);
        await("no second notification of any request").during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(5))
                .pollInterval(Duration.ofMillis(100)).untilAsserted(() -> {
                    Map<String, Integer> pings = receiver.countsAt("/ping");
                    Map<String, Integer> pushes = receiver.countsAt("/push");
                    for (String id : expected) {
                        assertThat(pings.getOrDefault(id, 0) + pushes.getOrDefault(id, 0)).as("notifications for %s", id).isLessThanOrEqualTo(1);
                    }
                });

        Map<String, Integer> ping = receiver.countsAt("/ping");
        Map<String, Integer> push = receiver.countsAt("/push");
        for (String id : expected) {
            assertThat(ping.getOrDefault(id, 0) + push.getOrDefault(id, 0)).as("notifications for %s", id).isEqualTo(1);
        }
        assertThat(receiver.at("/push").stream().filter(r -> r.authReqId().equals(expiring)).findFirst().orElseThrow().body()
                .path("error").asText()).isEqualTo("expired_token");
        assertThat(receiver.at("/push").stream().filter(r -> !r.authReqId().equals(expiring)))
                .allMatch(r -> r.body().has("access_token") && r.authorization().startsWith("Bearer cnt-ONCE-"));
        System.out.printf("[cluster-ciba] %d requests accepted on A and approved on B (%d of them approved on A and B at once: 1 win each),"
                + " 1 expired undecided: %d ping(s), %d push(es), each request notified exactly once%n",
                2 * rounds, simultaneousWins, ping.size(), push.size());
    }

    @Test
    @Order(2)
    @DisplayName("a push request accepted on A expires while A is down: B pushes expired_token once; A back up sends nothing again")
    void expiryPushedByBWhileAIsDown() throws Exception {
        String authReqId = a.start("push", "u002", "DOWN-expiry", "requested_expiry", "10");
        long stopped = System.nanoTime();
        a.server().stop();
        assertThat(a.server().isRunning()).isFalse();
        assertThat(receiver.countsAt("/push")).as("nothing pushed before A went down").doesNotContainKey(authReqId);
        System.out.printf("[cluster-ciba] node A stopped %d s after accepting the push request%n",
                TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - stopped));

        receiver.awaitFor("/push", authReqId, 40);
        assertThat(receiver.countsAt("/push").get(authReqId)).as("expired_token pushed by B").isEqualTo(1);
        JsonNode pushed = receiver.at("/push").stream().filter(r -> r.authReqId().equals(authReqId)).findFirst().orElseThrow().body();
        assertThat(pushed.path("error").asText()).isEqualTo("expired_token");

        a.server().start();
        await("nothing pushed again once A is back").during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(5))
                .pollInterval(Duration.ofMillis(100))
                .untilAsserted(() -> assertThat(receiver.countsAt("/push").get(authReqId)).as("still once after A is back").isEqualTo(1));

        // with A back, a request accepted on B and left to expire is again pushed exactly once (both nodes hold the timer)
        String afterRestart = b.start("push", "u002", "DOWN-after", "requested_expiry", "3");
        // pushed after expiry + 1 s; then 4 s in which no second push comes
        receiver.awaitFor("/push", afterRestart, 20);
        await("no second push").during(Duration.ofSeconds(4)).atMost(Duration.ofSeconds(6)).pollInterval(Duration.ofMillis(100))
                .untilAsserted(() -> assertThat(receiver.countsAt("/push").get(afterRestart)).isEqualTo(1));
        System.out.println("[cluster-ciba] push request accepted on A, A stopped: expired_token pushed 1x by B; after A's restart"
                + " 0 further pushes; a request accepted on B with A back: 1 push");
    }

    /** One load flow: which client, user, nodes and decision. */
    record Flow(int i, String mode, String user, Node accepting, Node deciding, boolean approve, boolean viaPage, String message) {
        Node redeeming() {
            return accepting == a ? b : a;
        }
    }

    @Test
    @Order(3)
    @DisplayName("1,000 parallel CIBA flows across both nodes, mixed poll/ping/push, approved or denied: each ends in exactly one correct outcome")
    void thousandFlows() throws Exception {
        List<Flow> flows = new ArrayList<>();
        for (int i = 0; i < LOAD_FLOWS; i++) {
            int u = i % USERS;
            int t = i / USERS;
            Node accepting = (t + u) % 2 == 0 ? a : b;
            Node deciding = (t / 2 + u) % 2 == 0 ? a : b;
            // users 0, 10, 20, ... decide on the approval page, the others in the authenticator app
            flows.add(new Flow(i, MODES.get(i % 3), userName(u), accepting, deciding, (i / 3) % 2 == 0, u % 10 == 0, "LOAD-" + i));
        }
        int pingBefore = receiver.at("/ping").size();
        int pushBefore = receiver.at("/push").size();
        Map<Integer, String> authReqIds = new ConcurrentHashMap<>();
        ExecutorService pool = Executors.newFixedThreadPool(16);
        try {
            // 1. every client sends its backchannel authentication request, to either node
            all(pool, flows.stream().map(f -> (Callable<Void>) () -> {
                authReqIds.put(f.i(), f.accepting().start(f.mode(), f.user(), f.message()));
                return null;
            }).toList());

            // 2. every user decides each of their 10 requests, each on the flow's node, in the app or on the page
            Map<String, List<Flow>> byUser = new TreeMap<>();
            flows.forEach(f -> byUser.computeIfAbsent(f.user(), k -> new ArrayList<>()).add(f));
            AtomicInteger decided = new AtomicInteger();
            all(pool, byUser.values().stream().map(userFlows -> (Callable<Void>) () -> {
                decide(userFlows);
                decided.addAndGet(userFlows.size());
                return null;
            }).toList());
            assertThat(decided.get()).isEqualTo(LOAD_FLOWS);

            // 3. outcomes: pushes and pings arrive; ping and poll clients redeem at the node that did not accept
            long notified = flows.stream().filter(f -> !f.mode().equals("poll")).count();
            receiver.await("/push", pushBefore + (int) flows.stream().filter(f -> f.mode().equals("push")).count(), 120);
            receiver.await("/ping", pingBefore + (int) flows.stream().filter(f -> f.mode().equals("ping")).count(), 120);
            Map<String, Flow> byAuthReqId = new LinkedHashMap<>();
            flows.forEach(f -> byAuthReqId.put(authReqIds.get(f.i()), f));
            Map<Integer, String> outcomes = new ConcurrentHashMap<>();
            Map<Integer, Integer> secondRedemption = new ConcurrentHashMap<>();
            all(pool, flows.stream().filter(f -> !f.mode().equals("push")).map(f -> (Callable<Void>) () -> {
                String id = authReqIds.get(f.i());
                outcomes.put(f.i(), outcomeOf(redeem(f.redeeming(), f.mode(), id)));
                secondRedemption.put(f.i(), f.accepting().token(f.mode(), id).statusCode());
                return null;
            }).toList());
            // settle: a duplicate notification would arrive within 3 s; one that does is counted and reported below
            int pingsSettled = receiver.at("/ping").size();
            int pushesSettled = receiver.at("/push").size();
            try {
                await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(4)).pollInterval(Duration.ofMillis(100))
                        .until(() -> receiver.at("/ping").size() == pingsSettled && receiver.at("/push").size() == pushesSettled);
            } catch (ConditionTimeoutException duplicate) {
                // a further notification arrived: the table below shows it as duplicated
            }

            // exactly one notification per ping/push flow, none for anything else
            Map<String, Integer> pings = new LinkedHashMap<>();
            Map<String, Integer> pushes = new LinkedHashMap<>();
            receiver.at("/ping").stream().skip(pingBefore).forEach(r -> pings.merge(r.authReqId(), 1, Integer::sum));
            receiver.at("/push").stream().skip(pushBefore).forEach(r -> pushes.merge(r.authReqId(), 1, Integer::sum));
            for (NotificationReceiver.Received r : receiver.at("/push").subList(pushBefore, receiver.at("/push").size())) {
                Flow f = byAuthReqId.get(r.authReqId());
                if (f != null && f.mode().equals("push")) outcomes.merge(f.i(), outcomeOf(r.body()), (x, y) -> "duplicate");
            }
            int duplicates = 0;
            int lost = 0;
            for (Flow f : flows) {
                String id = authReqIds.get(f.i());
                int n = f.mode().equals("ping") ? pings.getOrDefault(id, 0) : f.mode().equals("push") ? pushes.getOrDefault(id, 0) : 0;
                if (!f.mode().equals("poll")) {
                    if (n > 1) duplicates++;
                    if (n == 0) lost++;
                }
            }
            // the table: mode × decision × outcome
            Map<String, Integer> table = new TreeMap<>();
            int correct = 0;
            for (Flow f : flows) {
                String outcome = outcomes.getOrDefault(f.i(), "none");
                table.merge(f.mode() + " | " + (f.approve() ? "approve" : "deny   ") + " | " + outcome, 1, Integer::sum);
                if (outcome.equals(f.approve() ? "tokens" : "access_denied")) correct++;
            }
            long redeemedTwice = secondRedemption.values().stream().filter(s -> s == 200).count();
            long viaPage = flows.stream().filter(Flow::viaPage).count();
            long crossNode = flows.stream().filter(f -> f.accepting() != f.deciding()).count();
            StringBuilder report = new StringBuilder("[cluster-ciba] 1,000 CIBA flows on 2 nodes (" + crossNode + " decided on the other node, "
                    + viaPage + " on the approval page, " + (LOAD_FLOWS - viaPage) + " in the app)\n");
            report.append(String.format("  %-4s | %-7s | %-23s | %5s%n", "mode", "decision", "outcome", "flows"));
            table.forEach((k, v) -> report.append(String.format("  %-40s | %5d%n", k, v)));
            report.append(String.format("  correct: %d / %d; notifications: %d ping, %d push (expected %d); lost: %d; duplicated: %d;"
                    + " token requests answered twice with tokens: %d%n", correct, LOAD_FLOWS, pings.size(), pushes.size(), notified, lost,
                    duplicates, redeemedTwice));
            System.out.print(report);

            assertThat(correct).as(report.toString()).isEqualTo(LOAD_FLOWS);
            assertThat(lost).as(report.toString()).isZero();
            assertThat(duplicates).as(report.toString()).isZero();
            assertThat(redeemedTwice).as(report.toString()).isZero();
            assertThat(pings.keySet()).allMatch(id -> byAuthReqId.containsKey(id) && byAuthReqId.get(id).mode().equals("ping"));
            assertThat(pushes.keySet()).allMatch(id -> byAuthReqId.containsKey(id) && byAuthReqId.get(id).mode().equals("push"));
        } finally {
            pool.shutdownNow();
        }
    }

    private static final Pattern CSRF = Pattern.compile("name=\"csrf\" value=\"([^\"]+)\"");

    /** The user's device: lists the pending requests once, then decides each on the flow's node. */
    private static void decide(List<Flow> userFlows) {
        String user = userFlows.get(0).user();
        Node home = userFlows.get(0).accepting();
        String appToken = home.appToken(user);
        Map<String, String> ids = home.pending(appToken);
        assertThat(ids).as("pending for " + user).hasSize(userFlows.size());
        String csrf = null;
        Browser browser = null;
        if (userFlows.get(0).viaPage()) {
            // signs in through the cluster's public address (node A's); the session cookie is good on both nodes
            browser = Browser.using(pki.sslContext(null));
            browser.open(a.realmUrl() + "/fapi-kit-ciba/approvals", "https://localhost:");
            browser.submit("login-actions/authenticate", Map.of("username", user, "password", user + "-pw"), "https://localhost:");
            assertThat(browser.last().statusCode()).as(browser.last().body()).isEqualTo(200);
            Matcher m = CSRF.matcher(browser.last().body());
            assertThat(m.find()).as("CSRF token on the approval page").isTrue();
            csrf = m.group(1);
        }
        for (Flow f : userFlows) {
            String id = ids.get(f.message());
            assertThat(id).as("pending " + f.message()).isNotNull();
            if (f.viaPage()) {
                HttpResponse<String> r = Http.postForm(browser.http(), f.deciding().realmUrl() + "/fapi-kit-ciba/approvals/" + id,
                        Map.of("decision", f.approve() ? "approve" : "deny", "csrf", csrf));
                assertThat(r.statusCode()).as(r.body()).isEqualTo(303);
                assertThat(r.headers().firstValue("Location").orElseThrow()).endsWith("result=" + (f.approve() ? "approved" : "denied"));
            } else {
                HttpResponse<String> r = f.deciding().app("POST", appToken, "/requests/" + id + (f.approve() ? "/approve" : "/deny"));
                assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
            }
        }
    }

    /**
     * The token response once the client may redeem: ping flows after their ping, poll flows after pending answers
     * (CIBA Core §11). Asked at once, then every 1.1 s (the realm's 1 s polling interval, so 1,000 flows do not add
     * slow_down traffic) for at most 25 s; at the deadline the last answer counts (an error in the table).
     */
    private static HttpResponse<String> redeem(Node node, String client, String authReqId) {
        return Polling.until(Duration.ofSeconds(25), Duration.ofMillis(1100), () -> node.token(client, authReqId),
                r -> !(r.statusCode() == 400 && List.of("authorization_pending", "slow_down").contains(Http.json(r).path("error").asText())));
    }

    private static String outcomeOf(HttpResponse<String> r) {
        return outcomeOf(Http.json(r));
    }

    private static String outcomeOf(JsonNode body) {
        if (body.hasNonNull("access_token")) return "tokens";
        String error = body.path("error").asText();
        return error.equals("access_denied") ? "access_denied" : "error:" + error;
    }

    private static void all(ExecutorService pool, List<Callable<Void>> tasks) throws Exception {
        for (Future<Void> f : pool.invokeAll(tasks, 10, TimeUnit.MINUTES)) f.get();
    }

    private static Map<String, Object> cibaClient(String mode) {
        Map<String, String> attributes = new LinkedHashMap<>(Map.of("oidc.ciba.grant.enabled", "true",
                "ciba.backchannel.token.delivery.mode", mode));
        if (!mode.equals("poll")) attributes.put("ciba.backchannel.client.notification.endpoint", receiver.url("/" + mode));
        return Map.of("clientId", mode, "name", "CIBA " + mode, "secret", mode + "-secret", "publicClient", false,
                "standardFlowEnabled", false, "directAccessGrantsEnabled", false, "attributes", attributes);
    }

    private static Map<String, Object> user(String name) {
        return Map.of("username", name, "email", name + "@example.org", "firstName", name, "lastName", "Load", "enabled", true,
                "emailVerified", true, "credentials", List.of(Map.of("type", "password", "value", name + "-pw", "temporary", false)));
    }

    private static String userName(int u) {
        return String.format("u%03d", u);
    }

    private static HttpClient http(TestPki pki) {
        return HttpClient.newBuilder().sslContext(pki.sslContext(null)).followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(Duration.ofSeconds(10)).build();
    }
}
