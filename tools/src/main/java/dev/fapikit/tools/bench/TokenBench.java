package dev.fapikit.tools.bench;

import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import org.HdrHistogram.Histogram;

import dev.fapikit.it.harness.Browser;
import dev.fapikit.it.harness.ClientCert;
import dev.fapikit.it.harness.DemoClients;
import dev.fapikit.it.harness.HarnessSettings;
import dev.fapikit.it.harness.Http;
import dev.fapikit.it.harness.Jose;

/**
 * Rows 1 and 1b, bundle overhead: the same FAPI 1.0 Advanced token requests on three targets, each a realm made from
 * {@code docker/realms/fapi1-advanced.json}:
 * <ul>
 * <li>the FAPI Kit node, its policy applying FAPI Kit's {@code fapi-kit-fapi-1-advanced} ("ours");</li>
 * <li>row 1: a stock Keycloak 26.7.3 node without the bundle (Keycloak's default configuration, TLS asking for a
 * client certificate, the same PostgreSQL kind), its policy applying Keycloak's built-in {@code fapi-1-advanced};</li>
 * <li>row 1b: a second realm on the FAPI Kit node with the built-in profile, which isolates the profile's executors
 * from the rest of the node.</li>
 * </ul>
 * The stock realms are the same file without FAPI Kit ids: no client profiles of ours, every policy names
 * {@code fapi-1-advanced}. Requests:
 * <ul>
 * <li>authorization code: the token request only (FAPI 1.0 Part 2 §5.2.2: code + PKCE S256, {@code private_key_jwt}
 * with a PS256 assertion, over mTLS, certificate-bound token, PS256 ID token). The codes are obtained beforehand,
 * untimed, by PAR with a signed request object and the authorization endpoint on a signed-in browser session.</li>
 * <li>client credentials: {@code tls_client_auth} over mTLS (stock: Keycloak's {@code client-x509} with
 * {@code https-client-auth=request} and the test CA in its truststore), certificate-bound token.</li>
 * </ul>
 * Both nodes are up throughout; rounds rotate the order of the three targets at each concurrency, so drift affects
 * all alike.
 */
final class TokenBench {

    static final String OURS = "bench-fapi-kit";
    static final String STOCK = "bench-kc-builtin";
    private static final String PKJWT = "fapi1-pkjwt";
    private static final String MTLS = "fapi1-mtls";
    private static final String REDIRECT = "https://client.example.org/cb";

    /** A realm on a node, as one side of a comparison. */
    record Target(Node node, String realm, String label) {
        String key() {
            return node.name + "/" + realm;
        }
    }

    private final List<Target> targets;
    private final DemoClients demo;
    private final Results results;
    private final Bench.Plan plan;
    private final List<HttpClient> pkjwtClients = new ArrayList<>();
    private final List<HttpClient> mtlsClients = new ArrayList<>();
    private final Map<String, BlockingQueue<Browser>> browsers = new java.util.concurrent.ConcurrentHashMap<>();

    private record Code(String code, String verifier, String assertion) {
    }

    TokenBench(Node ours, Node stock, DemoClients demo, Results results, Bench.Plan plan) {
        this.targets = List.of(new Target(ours, OURS, "FAPI Kit node, fapi-kit-fapi-1-advanced"),
                new Target(stock, STOCK, "stock Keycloak node (no bundle), built-in fapi-1-advanced"),
                new Target(ours, STOCK, "FAPI Kit node, built-in fapi-1-advanced (realm beside ours)"));
        this.demo = demo;
        this.results = results;
        this.plan = plan;
        for (Target t : targets) {
            browsers.put(t.key(), new LinkedBlockingQueue<>());
        }
        // one client (one connection per node) for each virtual client
        for (int i = 0; i < 16; i++) {
            pkjwtClients.add(ours.http(demo.get(PKJWT)));
            mtlsClients.add(ours.http(demo.get(MTLS)));
        }
    }

    /**
     * The realms from the demo realm file: on the FAPI Kit node ours and one with the built-in profile, on the stock
     * node the built-in one only (its policies name Keycloak's own profile; no client profile of ours).
     */
    static void createRealms(Node ours, Node stock, HarnessSettings settings, DemoClients demo) throws Exception {
        String text = Files.readString(settings.realmsDir().resolve("fapi1-advanced.json"));
        for (Map.Entry<String, String> e : demo.env().entrySet()) {
            text = text.replace("${" + e.getKey() + "}", e.getValue());
        }
        for (Map.Entry<Node, String> target : List.of(Map.entry(ours, OURS), Map.entry(ours, STOCK), Map.entry(stock, STOCK))) {
            Node node = target.getKey();
            String realm = target.getValue();
            ObjectNode rep = (ObjectNode) Http.JSON.readTree(text);
            rep.put("realm", realm);
            rep.put("eventsEnabled", false);
            // the benchmark signs alice in on several browsers at once, which brute-force detection would refuse
            rep.put("bruteForceProtected", false);
            if (realm.equals(STOCK)) {
                rep.remove("clientProfiles");
                for (JsonNode policy : rep.get("clientPolicies").get("policies")) {
                    ArrayNode profiles = ((ObjectNode) policy).putArray("profiles");
                    profiles.add("fapi-1-advanced");
                }
            }
            node.admin("DELETE", "realms/" + realm, null);
            Node.expect(node.admin("POST", "realms", rep), 201, node.name + ": create realm " + realm);
        }
    }

    void run() {
        System.out.println("== 1. Bundle overhead: FAPI 1.0 Advanced token requests; FAPI Kit node vs stock node (1), "
                + "FAPI Kit profile vs built-in profile on the FAPI Kit node (1b)");
        for (Target t : targets) {
            // four signed-in browsers per target, one after the other, for the code preparation threads
            List<Browser> signedIn = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                obtainCode(t, pkjwtClients.get(0));
                signedIn.add(browsers.get(t.key()).poll());
            }
            browsers.get(t.key()).addAll(signedIn);
            checkTokens(t);
            measureCodes(t, 4, plan.warmupCodes());
            Load.run(4, plan.warmupCredentials(), (w, i) -> credentials(t, w));
        }
        for (int c : new int[] {1, 4, 16}) {
            compare("authorization code token request (PKCE, private_key_jwt, mTLS-bound)", c, plan.codeSamples(),
                    (t, n) -> measureCodes(t, c, n));
            compare("client credentials (tls_client_auth, mTLS-bound)", c, plan.credentialSamples(),
                    (t, n) -> Load.run(c, n, (w, i) -> credentials(t, w)));
        }
    }

    private interface Batch {
        Load.Outcome run(Target target, int n);
    }

    private void compare(String measure, int c, int samples, Batch batch) {
        int rounds = plan.rounds();
        int k = targets.size();
        Histogram[] h = new Histogram[k];
        long[] wall = new long[k];
        long[] errors = new long[k];
        List<List<Double>> thr = new ArrayList<>();
        for (int v = 0; v < k; v++) {
            h[v] = Load.histogram();
            thr.add(new ArrayList<>());
        }
        for (int r = 0; r < rounds; r++) {
            for (int j = 0; j < k; j++) {
                int v = (j + r) % k;
                Load.Outcome o = batch.run(targets.get(v), samples / rounds);
                h[v].add(o.latencies());
                wall[v] += o.wallNanos();
                errors[v] += o.errors();
                thr.get(v).add(o.throughput());
            }
        }
        double[] throughput = new double[k];
        for (int v = 0; v < k; v++) {
            throughput[v] = h[v].getTotalCount() / (wall[v] / 1e9);
        }
        String label = measure + ", " + c + " client" + (c > 1 ? "s" : "");
        results.latency("1", label, targets.get(0).label() + errorNote(errors[0]), h[0], throughput[0], spread(thr.get(0)),
                "ours/stock node: " + ratios(h[0], throughput[0], h[1], throughput[1]) + " (target latency ≤ 1.05)");
        results.latency("1", label, targets.get(1).label() + errorNote(errors[1]), h[1], throughput[1], spread(thr.get(1)), null);
        results.latency("1b", label, targets.get(2).label() + errorNote(errors[2]), h[2], throughput[2], spread(thr.get(2)),
                "ours (row 1)/this: " + ratios(h[0], throughput[0], h[2], throughput[2]));
    }

    private static String ratios(Histogram ours, double oursThroughput, Histogram other, double otherThroughput) {
        return String.format(Locale.ROOT, "p50 %.2f, p95 %.2f, throughput %.2f", Results.ms(ours, 50) / Results.ms(other, 50),
                Results.ms(ours, 95) / Results.ms(other, 95), oursThroughput / otherThroughput);
    }

    static String errorNote(long errors) {
        return errors == 0 ? "" : " (" + errors + " errors)";
    }

    static String spread(List<Double> throughputs) {
        double min = throughputs.stream().mapToDouble(d -> d).min().orElse(0);
        double max = throughputs.stream().mapToDouble(d -> d).max().orElse(0);
        return String.format(Locale.ROOT, "req/s %s–%s over %d rounds", Results.num(min), Results.num(max), throughputs.size());
    }

    // ---- the measured requests ----------------------------------------------------------------------------------

    private Load.Outcome measureCodes(Target t, int c, int n) {
        List<Code> codes = Load.prepare(Math.min(4, Math.max(1, c)), n, i -> obtainCode(t, pkjwtClients.get(i % 16)));
        return Load.run(c, n, (w, i) -> {
            Code code = codes.get(i);
            HttpResponse<String> r = Http.postForm(pkjwtClients.get(w), t.node().oidc(t.realm()) + "/token",
                    Http.params("grant_type", "authorization_code", "code", code.code(), "redirect_uri", REDIRECT,
                            "code_verifier", code.verifier(), "client_id", PKJWT,
                            "client_assertion_type", Jose.CLIENT_ASSERTION_TYPE, "client_assertion", code.assertion()));
            return ok(r);
        });
    }

    private boolean credentials(Target t, int worker) {
        return ok(Http.postForm(mtlsClients.get(worker), t.node().oidc(t.realm()) + "/token",
                Http.params("grant_type", "client_credentials", "client_id", MTLS)));
    }

    private static boolean ok(HttpResponse<String> r) {
        if (r.statusCode() != 200 || !r.body().contains("\"access_token\"")) {
            throw new IllegalStateException("HTTP " + r.statusCode() + ": " + r.body());
        }
        return true;
    }

    /** Both realms answer both requests with a certificate-bound PS256 access token (the premise of the comparison). */
    private void checkTokens(Target t) {
        Code code = obtainCode(t, pkjwtClients.get(0));
        HttpResponse<String> r = Http.postForm(pkjwtClients.get(0), t.node().oidc(t.realm()) + "/token",
                Http.params("grant_type", "authorization_code", "code", code.code(), "redirect_uri", REDIRECT,
                        "code_verifier", code.verifier(), "client_id", PKJWT,
                        "client_assertion_type", Jose.CLIENT_ASSERTION_TYPE, "client_assertion", code.assertion()));
        ok(r);
        HttpResponse<String> cc = Http.postForm(mtlsClients.get(0), t.node().oidc(t.realm()) + "/token",
                Http.params("grant_type", "client_credentials", "client_id", MTLS));
        ok(cc);
        for (HttpResponse<String> answer : List.of(r, cc)) {
            try {
                SignedJWT at = SignedJWT.parse(Http.json(answer).get("access_token").asText());
                Object cnf = at.getJWTClaimsSet().getJSONObjectClaim("cnf");
                if (cnf == null || !at.getHeader().getAlgorithm().equals(JWSAlgorithm.PS256)) {
                    throw new IllegalStateException(t.key() + ": expected a PS256 certificate-bound token, got "
                            + at.getHeader().getAlgorithm() + " cnf=" + cnf);
                }
            } catch (java.text.ParseException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    /** PAR with a signed request object, then the authorization endpoint in a signed-in browser; the JARM code. */
    private Code obtainCode(Target t, HttpClient mtls) {
        Node node = t.node();
        String realm = t.realm();
        ClientCert client = demo.get(PKJWT);
        String issuer = node.realmUrl(realm);
        Map<String, String> pkce = Jose.pkce();
        Instant now = Instant.now();
        String requestObject = Jose.sign(client, JWSAlgorithm.PS256, new JWTClaimsSet.Builder()
                .issuer(PKJWT).audience(issuer).claim("client_id", PKJWT)
                .claim("response_type", "code").claim("response_mode", "jwt").claim("redirect_uri", REDIRECT)
                .claim("scope", "openid").claim("state", Jose.randomId()).claim("nonce", Jose.randomId())
                .claim("code_challenge", pkce.get("challenge")).claim("code_challenge_method", "S256")
                .issueTime(Date.from(now)).notBeforeTime(Date.from(now)).expirationTime(Date.from(now.plusSeconds(300)))
                .jwtID(Jose.randomId()).build());
        HttpResponse<String> par = Http.postForm(mtls, node.oidc(realm) + "/ext/par/request",
                Http.params("client_id", PKJWT, "request", requestObject,
                        "client_assertion_type", Jose.CLIENT_ASSERTION_TYPE,
                        "client_assertion", Jose.clientAssertion(client, PKJWT, issuer)));
        Node.expect(par, 201, t.key() + " PAR");
        String url = node.oidc(realm) + "/auth?client_id=" + PKJWT + "&request_uri="
                + Http.enc(Http.json(par).get("request_uri").asText());
        Browser browser = browsers.get(t.key()).poll();
        if (browser == null) {
            browser = Browser.using(node.pki.sslContext(null));
        }
        try {
            HttpResponse<String> page = browser.open(url, node.base());
            if (page.statusCode() == 200) {
                // the first request of this browser: sign in (and consent once)
                page = browser.submit("login-actions/authenticate", Map.of("username", "alice", "password", "alice"), node.base());
                if (page.statusCode() == 200 && page.body().contains("login-actions/consent")) {
                    browser.submit("login-actions/consent", Map.of("accept", "Yes"), node.base());
                }
            }
            String location = browser.location();
            String response = Http.urlParams(location).get("response");
            if (response == null) {
                throw new IllegalStateException(t.key() + ": no JARM response in " + location);
            }
            String code = SignedJWT.parse(response).getJWTClaimsSet().getStringClaim("code");
            return new Code(code, pkce.get("verifier"), Jose.clientAssertion(client, PKJWT, issuer));
        } catch (java.text.ParseException e) {
            throw new IllegalStateException(e);
        } finally {
            browsers.get(t.key()).add(browser);
        }
    }
}
