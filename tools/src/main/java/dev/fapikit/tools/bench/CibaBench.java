package dev.fapikit.tools.bench;

import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.HdrHistogram.Histogram;

import dev.fapikit.it.harness.HarnessSettings;
import dev.fapikit.it.harness.Http;

/**
 * Rows 2-4, CIBA: from the user's approval to the client's notification and tokens (poll; ping: arrival of the
 * notification, then the client's token request; push: arrival of the tokens), on the FAPI Kit node and, for ping, on
 * the stock node (Keycloak's HTTP authentication channel, approved through its callback endpoint); intake of
 * backchannel authentication requests against stock Keycloak's HTTP authentication channel; and the FAPI Kit node with
 * 50,000 pending requests. The realms are {@code it-tests/src/test/resources/ciba/ciba-device-realm.json} (client
 * secrets, the authenticator app), with benchmark users and clients added.
 */
final class CibaBench {

    static final String E2E = "bench-ciba";
    static final String INTAKE = "bench-intake";
    static final String CIBA_GRANT = "urn:openid:params:grant-type:ciba";
    private static final int E2E_USERS = 16;
    /** Keycloak's default CIBA polling interval (seconds), which the poll row uses. */
    static final int POLL_INTERVAL = 5;

    private final Node ours;
    private final Node stock;
    private final Receiver receiver;
    private final Results results;
    private final Bench.Plan plan;
    private final HttpClient oursHttp;
    private final Map<String, String> appTokens = new ConcurrentHashMap<>();
    private final Map<String, Long> appTokenAt = new ConcurrentHashMap<>();
    private final HttpClient stockHttp;
    private final AtomicLong oursPending = new AtomicLong();
    private final AtomicInteger oursNext = new AtomicInteger();
    private final AtomicInteger stockNext = new AtomicInteger();
    private final List<HttpClient> oursClients = new ArrayList<>();
    private final List<HttpClient> stockClients = new ArrayList<>();

    CibaBench(Node ours, Node stock, Receiver receiver, Results results, Bench.Plan plan) {
        this.ours = ours;
        this.stock = stock;
        this.receiver = receiver;
        this.results = results;
        this.plan = plan;
        this.oursHttp = ours.http(null);
        this.stockHttp = stock.http(null);
        for (int i = 0; i < 16; i++) {
            oursClients.add(ours.http(null));
            stockClients.add(stock.http(null));
        }
    }

    // ---- realms -------------------------------------------------------------------------------------------------

    /** The realms; {@code stock} null when the stock node is not needed. */
    static void createRealms(Node ours, Node stock, Receiver receiver, HarnessSettings settings, int intakeUsers) throws Exception {
        Path resources = settings.projectRoot().resolve("it-tests/src/test/resources/ciba");
        ObjectNode e2e = realm(resources, E2E);
        ((ObjectNode) e2e.get("attributes")).put("cibaInterval", Integer.toString(POLL_INTERVAL)).put("cibaExpiresIn", "600");
        ArrayNode clients = (ArrayNode) e2e.get("clients");
        clients.add(cibaClient("bench-ping", "ping", receiver.url("/notify")));
        clients.add(cibaClient("bench-push", "push", receiver.url("/notify")));
        ArrayNode users = (ArrayNode) e2e.get("users");
        for (int i = 0; i < E2E_USERS; i++) {
            users.add(user("e2e-" + i, true));
        }
        create(ours, e2e, resources);
        if (stock != null) {
            // the same realm on the stock node (ping through its HTTP authentication channel; the FAPI Kit attributes
            // and the authenticator app client do nothing there), without the push client: stock refuses push mode
            ObjectNode stockE2e = e2e.deepCopy();
            ArrayNode stockClients = (ArrayNode) stockE2e.get("clients");
            for (int i = stockClients.size() - 1; i >= 0; i--) {
                if (stockClients.get(i).path("clientId").asText().equals("bench-push")) {
                    stockClients.remove(i);
                }
            }
            create(stock, stockE2e, null);
        }

        for (Node node : stock == null ? List.of(ours) : List.of(ours, stock)) {
            ObjectNode intake = realm(resources, INTAKE);
            ((ObjectNode) intake.get("attributes")).put("cibaExpiresIn", "1200");
            ArrayNode u = intake.putArray("users");
            for (int i = 0; i < intakeUsers; i++) {
                u.add(user("u" + i, false));
            }
            create(node, intake, node == ours ? resources : null);
        }
    }

    private static ObjectNode realm(Path resources, String name) throws Exception {
        ObjectNode realm;
        try (InputStream in = Files.newInputStream(resources.resolve("ciba-device-realm.json"))) {
            realm = (ObjectNode) Http.JSON.readTree(in);
        }
        realm.put("realm", name);
        realm.put("eventsEnabled", false);
        realm.put("bruteForceProtected", false);
        return realm;
    }

    private static ObjectNode cibaClient(String clientId, String mode, String endpoint) {
        ObjectNode c = Http.JSON.createObjectNode();
        c.put("clientId", clientId).put("secret", clientId + "-secret").put("publicClient", false)
                .put("standardFlowEnabled", false).put("directAccessGrantsEnabled", false);
        c.putObject("attributes").put("oidc.ciba.grant.enabled", "true")
                .put("ciba.backchannel.token.delivery.mode", mode)
                .put("ciba.backchannel.client.notification.endpoint", endpoint);
        return c;
    }

    private static ObjectNode user(String name, boolean password) {
        ObjectNode u = Http.JSON.createObjectNode();
        u.put("username", name).put("email", name + "@example.org").put("firstName", name).put("lastName", "Bench")
                .put("enabled", true).put("emailVerified", true);
        if (password) {
            u.putArray("credentials").addObject().put("type", "password").put("value", name + "-pw").put("temporary", false);
        }
        return u;
    }

    /** Creates the realm and, on a FAPI Kit node, the authenticator app's approver scope. */
    private static void create(Node node, ObjectNode rep, Path resources) throws Exception {
        String name = rep.get("realm").asText();
        node.admin("DELETE", "realms/" + name, null);
        Node.expect(node.admin("POST", "realms", rep), 201, node.name + ": create realm " + name);
        if (resources == null) {
            return;
        }
        JsonNode scopes;
        try (InputStream in = Files.newInputStream(resources.resolve("client-scopes.json"))) {
            scopes = Http.JSON.readTree(in);
        }
        for (JsonNode scope : scopes) {
            ObjectNode s = ((ObjectNode) scope).deepCopy();
            s.remove("optionalFor");
            HttpResponse<String> created = Node.expect(node.admin("POST", "realms/" + name + "/client-scopes", s), 201, "scope");
            String location = created.headers().firstValue("Location").orElseThrow();
            String scopeId = location.substring(location.lastIndexOf('/') + 1);
            for (JsonNode clientId : scope.get("optionalFor")) {
                Node.expect(node.admin("PUT", "realms/" + name + "/clients/" + node.clientUuid(name, clientId.asText())
                        + "/optional-client-scopes/" + scopeId, null), 204, "optional scope");
            }
        }
    }

    // ---- 2. end to end ------------------------------------------------------------------------------------------

    /** The three notified flows of section 2. */
    private enum Flow {
        OURS_PING("FAPI Kit node, ping"), STOCK_PING("stock Keycloak node, ping (HTTP channel, callback endpoint)"),
        OURS_PUSH("FAPI Kit node, push");

        final String label;

        Flow(String label) {
            this.label = label;
        }
    }

    /** Micros from the approval call to the notification's arrival, and of the token request after a ping (else 0). */
    private record Timing(long arrival, long tokenRequest) {
    }

    void endToEnd() throws Exception {
        System.out.println("== 2. CIBA end to end: the user's approval → notification and tokens at the client");
        // warm-up, unrecorded
        for (int i = 0; i < plan.cibaWarmup(); i++) {
            for (Flow f : Flow.values()) {
                flow(f, i);
            }
        }
        Histogram poll = polled(plan.pollSamples());
        results.latency("2", "CIBA approval → tokens, poll (interval " + POLL_INTERVAL + " s, Keycloak's default)",
                "FAPI Kit node", poll, null, null, "bounded by the interval: mean wait ≈ interval/2");
        for (int c : new int[] {1, 16}) {
            Map<Flow, Histogram> arrival = new java.util.EnumMap<>(Flow.class);
            Map<Flow, Histogram> tokens = new java.util.EnumMap<>(Flow.class);
            Map<Flow, Long> errors = new java.util.EnumMap<>(Flow.class);
            for (Flow f : Flow.values()) {
                arrival.put(f, Load.histogram());
                tokens.put(f, Load.histogram());
                errors.put(f, 0L);
            }
            if (c == 1) {
                // one flow at a time, the three kinds interleaved
                for (int i = 0; i < plan.notifySamples(); i++) {
                    for (Flow f : Flow.values()) {
                        record(f, flow(f, i), arrival, tokens);
                    }
                }
            } else {
                // rounds rotate the order of the kinds, each round c concurrent flows of one kind
                int per = Math.max(c, plan.concurrentNotifySamples() / plan.rounds());
                for (int r = 0; r < plan.rounds(); r++) {
                    for (int j = 0; j < Flow.values().length; j++) {
                        Flow f = Flow.values()[(j + r) % Flow.values().length];
                        Load.Outcome o = Load.run(c, per, (w, i) -> {
                            record(f, flow(f, i), arrival, tokens);
                            return true;
                        });
                        errors.merge(f, o.errors(), Long::sum);
                    }
                }
            }
            String at = c == 1 ? "one flow at a time" : c + " concurrent flows";
            Histogram oursPing = arrival.get(Flow.OURS_PING);
            Histogram stockPing = arrival.get(Flow.STOCK_PING);
            results.latency("2", "CIBA approval → ping notification received, " + at,
                    Flow.OURS_PING.label + TokenBench.errorNote(errors.get(Flow.OURS_PING)), oursPing, null, null,
                    target(oursPing, 95, 15) + ", " + target(oursPing, 99, 50) + "; ours/stock: " + ratios(oursPing, stockPing));
            results.latency("2", "CIBA approval → ping notification received, " + at,
                    Flow.STOCK_PING.label + TokenBench.errorNote(errors.get(Flow.STOCK_PING)), stockPing, null, null, null);
            results.latency("2", "CIBA token request after the ping, " + at, Flow.OURS_PING.label, tokens.get(Flow.OURS_PING),
                    null, null, "ours/stock: " + ratios(tokens.get(Flow.OURS_PING), tokens.get(Flow.STOCK_PING)));
            results.latency("2", "CIBA token request after the ping, " + at, Flow.STOCK_PING.label, tokens.get(Flow.STOCK_PING),
                    null, null, null);
            results.latency("2", "CIBA approval → push tokens received, " + at,
                    Flow.OURS_PUSH.label + TokenBench.errorNote(errors.get(Flow.OURS_PUSH)), arrival.get(Flow.OURS_PUSH),
                    null, null, target(arrival.get(Flow.OURS_PUSH), 95, 20) + " (stock Keycloak has no push mode)");
        }
    }

    private static void record(Flow f, Timing t, Map<Flow, Histogram> arrival, Map<Flow, Histogram> tokens) {
        arrival.get(f).recordValue(t.arrival());
        if (t.tokenRequest() > 0) {
            tokens.get(f).recordValue(t.tokenRequest());
        }
    }

    private static String target(Histogram h, double percentile, double ms) {
        double v = Results.ms(h, percentile);
        return String.format(Locale.ROOT, "target p%.0f ≤ %.0f ms: %s", percentile, ms, v <= ms ? "met" : "MISSED");
    }

    private static String ratios(Histogram ours, Histogram stock) {
        return String.format(Locale.ROOT, "p50 %.2f, p95 %.2f", Results.ms(ours, 50) / Results.ms(stock, 50),
                Results.ms(ours, 95) / Results.ms(stock, 95));
    }

    private Timing flow(Flow f, int i) throws Exception {
        return f == Flow.STOCK_PING ? stockPing(i) : notified(f == Flow.OURS_PING ? "bench-ping" : "bench-push", i,
                f == Flow.OURS_PING);
    }

    /** One ping or push flow on the FAPI Kit node, approved through the authenticator app API. */
    private Timing notified(String client, int i, boolean ping) throws Exception {
        String user = "e2e-" + (i % E2E_USERS);
        String cnt = "cnt-" + client + "-" + i + "-" + ThreadLocalRandom.current().nextInt(1_000_000_000);
        String binding = "E2E" + ThreadLocalRandom.current().nextInt(1_000_000_000);
        CompletableFuture<Receiver.Arrival> arrival = receiver.expect(cnt);
        try {
            String authReqId = start(ours, oursHttp, client, user, binding, cnt);
            String id = pendingId(user, binding);
            long t0 = System.nanoTime();
            approve(user, id);
            Receiver.Arrival a = arrival.get(30, TimeUnit.SECONDS);
            if (!ping) {
                if (!a.body().contains("\"access_token\"")) {
                    throw new IllegalStateException("push without tokens: " + a.body());
                }
                return new Timing(micros(t0, a.nanos()), 0);
            }
            long t1 = System.nanoTime();
            HttpResponse<String> tokens = token(ours, oursHttp, client, authReqId);
            long t2 = System.nanoTime();
            Node.expect(tokens, 200, "ping token request");
            return new Timing(micros(t0, a.nanos()), micros(t1, t2));
        } finally {
            receiver.forget(cnt);
        }
    }

    /**
     * One ping flow on the stock node: its HTTP authentication channel calls the receiver's device with a bearer
     * token, the device approves through {@code /ext/ciba/auth/callback} with that token (status SUCCEED).
     */
    private Timing stockPing(int i) throws Exception {
        String user = "e2e-" + (i % E2E_USERS);
        String cnt = "cnt-stock-" + i + "-" + ThreadLocalRandom.current().nextInt(1_000_000_000);
        String binding = "STK" + ThreadLocalRandom.current().nextInt(1_000_000_000);
        CompletableFuture<Receiver.Arrival> arrival = receiver.expect(cnt);
        CompletableFuture<String> channel = receiver.expectDevice(binding);
        try {
            String authReqId = start(stock, stockHttp, "bench-ping", user, binding, cnt);
            String bearer = channel.get(30, TimeUnit.SECONDS);
            long t0 = System.nanoTime();
            HttpResponse<String> approved = Http.send(stockHttp, HttpRequest.newBuilder(
                            URI.create(stock.oidc(E2E) + "/ext/ciba/auth/callback"))
                    .header("Authorization", bearer).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"status\":\"SUCCEED\"}")).build());
            Node.expect(approved, 200, "stock CIBA callback");
            Receiver.Arrival a = arrival.get(30, TimeUnit.SECONDS);
            long t1 = System.nanoTime();
            HttpResponse<String> tokens = token(stock, stockHttp, "bench-ping", authReqId);
            long t2 = System.nanoTime();
            Node.expect(tokens, 200, "stock ping token request");
            return new Timing(micros(t0, a.nanos()), micros(t1, t2));
        } finally {
            receiver.forget(cnt);
            receiver.forgetDevice(binding);
        }
    }

    private static long micros(long fromNanos, long toNanos) {
        return Math.max(1, (toNanos - fromNanos) / 1000);
    }

    /** Poll flows, {@code pollParallel} at a time: approval at a random moment, the client polls at the interval. */
    private Histogram polled(int samples) throws Exception {
        Histogram h = Load.histogram();
        ScheduledExecutorService approver = Executors.newScheduledThreadPool(4);
        AtomicInteger n = new AtomicInteger();
        try {
            Load.Outcome o = Load.run(Math.min(10, samples), samples, (w, i) -> {
                String user = "e2e-" + (i % E2E_USERS);
                String binding = "POLL" + ThreadLocalRandom.current().nextInt(1_000_000_000);
                String authReqId = start(ours, oursHttp, "speaker", user, binding, null);
                String id = pendingId(user, binding);
                CompletableFuture<Long> approvedAt = new CompletableFuture<>();
                approver.schedule(() -> {
                    long t0 = System.nanoTime();
                    try {
                        approve(user, id);
                        approvedAt.complete(t0);
                    } catch (Exception e) {
                        approvedAt.completeExceptionally(e);
                    }
                }, ThreadLocalRandom.current().nextLong(0, POLL_INTERVAL * 1000L), TimeUnit.MILLISECONDS);
                long interval = POLL_INTERVAL;
                while (true) {
                    Thread.sleep(interval * 1000);
                    HttpResponse<String> r = token(ours, oursHttp, "speaker", authReqId);
                    if (r.statusCode() == 200) {
                        long end = System.nanoTime();
                        h.recordValue(Math.max(1, (end - approvedAt.get(10, TimeUnit.SECONDS)) / 1000));
                        n.incrementAndGet();
                        return true;
                    }
                    String error = Http.json(r).path("error").asText();
                    if (error.equals("slow_down")) {
                        interval += 5; // CIBA Core §11: increase the interval by at least 5 seconds
                    } else if (!error.equals("authorization_pending")) {
                        throw new IllegalStateException("poll: " + r.body());
                    }
                }
            });
            if (o.errors() > 0) {
                System.err.println("  poll flows with errors: " + o.errors());
            }
        } finally {
            approver.shutdownNow();
        }
        return h;
    }

    private static String start(Node node, HttpClient http, String client, String user, String binding, String cnt) {
        Map<String, String> p = Http.params("scope", "openid", "login_hint", user, "binding_message", binding);
        if (cnt != null) {
            p.put("client_notification_token", cnt);
        }
        HttpResponse<String> r = post(http, node.oidc(E2E) + "/ext/ciba/auth", client, p);
        return Http.json(Node.expect(r, 200, node.name + ": backchannel " + client)).get("auth_req_id").asText();
    }

    private static HttpResponse<String> token(Node node, HttpClient http, String client, String authReqId) {
        return post(http, node.oidc(E2E) + "/token", client, Http.params("grant_type", CIBA_GRANT, "auth_req_id", authReqId));
    }

    private String pendingId(String user, String binding) {
        HttpResponse<String> r = Http.get(oursHttp, ours.realmUrl(E2E) + "/fapi-kit-ciba/app/requests",
                "Authorization", "Bearer " + appToken(user));
        for (JsonNode req : Http.json(Node.expect(r, 200, "app requests")).get("requests")) {
            if (binding.equals(req.path("binding_message").asText())) {
                return req.get("id").asText();
            }
        }
        throw new IllegalStateException("no pending request " + binding + " for " + user + ": " + r.body());
    }

    private void approve(String user, String id) {
        HttpResponse<String> r = Http.send(oursHttp, HttpRequest.newBuilder(
                        URI.create(ours.realmUrl(E2E) + "/fapi-kit-ciba/app/requests/" + id + "/approve"))
                .header("Authorization", "Bearer " + appToken(user)).POST(HttpRequest.BodyPublishers.noBody()).build());
        Node.expect(r, 200, "approve");
    }

    /** The authenticator app's access token for {@code user} (scope fapi-kit-ciba-approver), renewed after 4 minutes. */
    private String appToken(String user) {
        Long at = appTokenAt.get(user);
        if (at == null || System.currentTimeMillis() - at > 240_000) {
            HttpResponse<String> r = Http.postForm(oursHttp, ours.oidc(E2E) + "/token", Http.params("grant_type", "password",
                    "client_id", "authenticator-app", "username", user, "password", user + "-pw",
                    "scope", "openid fapi-kit-ciba-approver"));
            appTokens.put(user, Http.json(Node.expect(r, 200, "app token")).get("access_token").asText());
            appTokenAt.put(user, System.currentTimeMillis());
        }
        return appTokens.get(user);
    }

    static HttpResponse<String> post(HttpClient http, String url, String clientId, Map<String, String> params) {
        String basic = Base64.getEncoder().encodeToString((clientId + ":" + clientId + "-secret").getBytes());
        return Http.send(http, HttpRequest.newBuilder(URI.create(url))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Authorization", "Basic " + basic)
                .POST(HttpRequest.BodyPublishers.ofString(Http.form(params))).build());
    }

    // ---- 3. intake and 4. scale ---------------------------------------------------------------------------------

    /**
     * One backchannel authentication request of a poll client for the next benchmark user. The two poll clients
     * {@code speaker} and {@code kiosk} take turns on each user, round robin over the users, so that N requests leave
     * at most ⌈N / 2U⌉ pending per client and user: FAPI Kit's device channel refuses an eleventh pending request of a
     * user and a sixth of one client for one user ({@code max-pending-per-user}, {@code max-pending-per-client-user}).
     */
    private boolean intakeRequest(Node node, List<HttpClient> clients, int worker) {
        int k = (node == ours ? oursNext : stockNext).getAndIncrement();
        String client = k % 2 == 0 ? "speaker" : "kiosk";
        String user = "u" + Math.floorMod(k / 2, plan.intakeUsers());
        HttpResponse<String> r = post(clients.get(worker), node.oidc(INTAKE) + "/ext/ciba/auth", client,
                Http.params("scope", "openid", "login_hint", user));
        if (r.statusCode() != 200) {
            throw new IllegalStateException(node.name + " HTTP " + r.statusCode() + ": " + r.body());
        }
        if (node == ours) {
            oursPending.incrementAndGet();
        }
        return true;
    }

    private void channel(String channels) {
        ObjectNode rep = (ObjectNode) ours.adminGet("realms/" + INTAKE);
        ((ObjectNode) rep.with("attributes")).put("fapi-kit-ciba-channels", channels)
                .put("fapi-kit-ciba-webhook-url", receiver.url("/device"));
        Node.expect(ours.admin("PUT", "realms/" + INTAKE, rep), 204, "realm channels");
    }

    void intakeAndScale() throws Exception {
        System.out.println("== 3./4. CIBA intake against stock Keycloak's HTTP channel; " + plan.pendingTarget()
                + " pending requests");
        // warm-up both nodes (these requests count as pending on ours)
        Load.run(16, plan.intakeWarmup(), (w, i) -> intakeRequest(ours, oursClients, w));
        Load.run(16, plan.intakeWarmup(), (w, i) -> intakeRequest(stock, stockClients, w));
        // 4: section 3 switches the realm's channel (an admin PUT of the realm) and delivers by webhook; both run once
        // before the baseline, so what they create once (Jackson's and RESTEasy's reflection caches of the realm
        // representation above all) is not counted as heap per pending request (issue 20 §4, heap-histogram.txt)
        channel("webhook");
        Load.run(16, plan.intakeWarmup() / 2, (w, i) -> intakeRequest(ours, oursClients, w));
        channel("app");

        // 4, baseline side: every user is resolved once by each poll client before the baseline (2 × users requests,
        // round robin), so Keycloak's user cache (Infinispan `users`, up to 10,000 entries) and client cache hold
        // everything the full side will hold: the difference full − baseline is then pending-request cost only, not
        // user-cache cost. The baseline therefore already has 2 × users requests pending; the per-request row divides
        // by the requests added after it. (The full side is measured after the intake rounds, on a warm JIT.)
        int touchAll = (int) Math.max(0, 2L * plan.intakeUsers() - oursNext.get());
        if (touchAll > 0) {
            System.out.println("  resolving every user before the baseline (" + touchAll + " requests)");
            Load.run(16, touchAll, (w, i) -> intakeRequest(ours, oursClients, w));
        }
        Load.run(1, plan.scaleSamples(), (w, i) -> intakeRequest(ours, oursClients, w));
        double[] heapEmpty = heap();
        ClassHistogram classesEmpty = classHistogram();
        long pendingBefore = oursPending.get();
        Load.Outcome empty = Load.run(1, plan.scaleSamples(), (w, i) -> intakeRequest(ours, oursClients, w));

        // 3: rounds alternate the order of the variants
        String[] variants = {"FAPI Kit device channel (app notification)", "FAPI Kit device channel (webhook to the device)",
                "stock Keycloak HTTP auth channel (device answers 201)"};
        Histogram[] h = {Load.histogram(), Load.histogram(), Load.histogram()};
        long[] wall = new long[3];
        long[] errors = new long[3];
        List<List<Double>> thr = List.of(new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
        for (int r = 0; r < plan.rounds(); r++) {
            for (int k = 0; k < 3; k++) {
                int v = (k + r) % 3;
                if (v < 2) {
                    channel(v == 0 ? "app" : "webhook");
                }
                // at most a tenth of the users' capacity (10 each) per round, so the caps never refuse a request
                int max = plan.intakeUsers();
                Load.Outcome o = v == 2
                        ? Load.runFor(16, plan.intakeSeconds(), max, (w, i) -> intakeRequest(stock, stockClients, w))
                        : Load.runFor(16, plan.intakeSeconds(), max, (w, i) -> intakeRequest(ours, oursClients, w));
                h[v].add(o.latencies());
                wall[v] += o.wallNanos();
                errors[v] += o.errors();
                thr.get(v).add(o.throughput());
            }
        }
        channel("app");
        double[] rps = new double[3];
        for (int v = 0; v < 3; v++) {
            rps[v] = h[v].getTotalCount() / (wall[v] / 1e9);
        }
        for (int v = 0; v < 3; v++) {
            String compare = v == 2 ? null : String.format(Locale.ROOT, "ours/stock throughput %.2f (target ≥ 1.00)", rps[v] / rps[2]);
            results.latency("3", "CIBA backchannel authentication requests, 16 clients", variants[v] + TokenBench.errorNote(errors[v]),
                    h[v], rps[v], TokenBench.spread(thr.get(v)), compare);
        }

        // 4, full side: top up to the target number of pending requests, then the same measurements
        long missing = plan.pendingTarget() - oursPending.get();
        if (missing > 0) {
            System.out.println("  filling to " + plan.pendingTarget() + " pending requests (" + missing + " more)");
            Load.Outcome fill = Load.run(16, (int) missing, (w, i) -> intakeRequest(ours, oursClients, w));
            if (fill.errors() > 0) {
                System.err.println("  fill errors: " + fill.errors());
            }
        }
        long pending = oursPending.get();
        double[] heapFull = heap();
        ClassHistogram classesFull = classHistogram();
        Load.Outcome full = Load.run(1, plan.scaleSamples(), (w, i) -> intakeRequest(ours, oursClients, w));
        results.latency("4", "CIBA backchannel request latency, 1 client, " + pendingBefore + " pending",
                "FAPI Kit (baseline)" + TokenBench.errorNote(empty.errors()), empty.latencies(), null, null, null);
        results.latency("4", "CIBA backchannel request latency, 1 client, " + pending + " pending",
                "FAPI Kit (full)" + TokenBench.errorNote(full.errors()), full.latencies(), null, null,
                String.format(Locale.ROOT, "full/baseline: p50 %.2f, p95 %.2f",
                        Results.ms(full.latencies(), 50) / Results.ms(empty.latencies(), 50),
                        Results.ms(full.latencies(), 95) / Results.ms(empty.latencies(), 95)));
        results.value("4", "heap used after full GC, " + pendingBefore + " pending", "FAPI Kit node (baseline)", heapEmpty.length,
                mean(heapEmpty), "MiB", range(heapEmpty), null);
        results.value("4", "heap used after full GC, " + pending + " pending", "FAPI Kit node (full)", heapFull.length,
                mean(heapFull), "MiB", range(heapFull), null);
        double perRequest = (mean(heapFull) - mean(heapEmpty)) * 1024 / Math.max(1, pending - pendingBefore);
        results.value("4", "heap per pending CIBA request ((full − baseline) / " + (pending - pendingBefore)
                + " requests; baseline after all " + plan.intakeUsers() + " users were resolved and cached)",
                "FAPI Kit node", pending - pendingBefore, perRequest, "KiB", null,
                String.format(Locale.ROOT, "target ≤ 1.5 KiB: %s", perRequest <= 1.5 ? "met" : "MISSED"));
        histogramReport(classesEmpty, classesFull, pendingBefore, pending);
    }

    private ClassHistogram classHistogram() {
        return ClassHistogram.of(ours.jvm().orElseThrow(() -> new IllegalStateException("no Keycloak JVM found for " + ours.name)).pid());
    }

    /**
     * Where the bytes of the pending requests went: live objects by class before and after the fill (each histogram
     * after a full GC), the top 15 classes by byte growth per added request, written to
     * {@code it-tests/target/bench/heap-histogram.txt} and summarised in the results' context.
     */
    private void histogramReport(ClassHistogram before, ClassHistogram after, long pendingBefore, long pending) {
        long requests = Math.max(1, pending - pendingBefore);
        List<ClassHistogram.Delta> diff = after.diff(before);
        long total = after.bytes() - before.bytes();
        String report = ClassHistogram.report("Heap by class, FAPI Kit node, live objects after a full GC (jcmd GC.class_histogram): "
                + pendingBefore + " → " + pending + " pending CIBA requests; a unit is one of the " + requests
                + " requests added", diff, total, requests, 15);
        try {
            Path dir = HarnessSettings.load().projectRoot().resolve("it-tests/target/bench");
            Files.createDirectories(dir);
            Files.writeString(dir.resolve("heap-histogram.txt"), report);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        System.out.print(report);
        List<String> top = new ArrayList<>();
        for (ClassHistogram.Delta d : diff.subList(0, Math.min(15, diff.size()))) {
            top.add(String.format(Locale.ROOT, "%s: %.0f B, %.2f instances per request", d.className(),
                    (double) d.bytes() / requests, (double) d.instances() / requests));
        }
        results.context("section_4_heap_per_request_bytes_by_histogram", Math.round((double) total / requests));
        results.context("section_4_heap_histogram_top", top);
    }

    private double[] heap() {
        double[] h = new double[3];
        for (int i = 0; i < h.length; i++) {
            h[i] = ours.heapAfterGcMiB();
        }
        return h;
    }

    private static double mean(double[] d) {
        double s = 0;
        for (double x : d) {
            s += x;
        }
        return s / d.length;
    }

    private static String range(double[] d) {
        double min = Double.MAX_VALUE;
        double max = -Double.MAX_VALUE;
        for (double x : d) {
            min = Math.min(min, x);
            max = Math.max(max, x);
        }
        return String.format(Locale.ROOT, "%s–%s MiB over %d GCs", Results.num(min), Results.num(max), d.length);
    }
}
