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
 * Row 1, bundle overhead: the same FAPI 1.0 Advanced token requests on two realms of the bundle node that differ only
 * in the client profile their policy applies, Keycloak's built-in {@code fapi-1-advanced} or FAPI Kit's
 * {@code fapi-kit-fapi-1-advanced}. Both realms are {@code docker/realms/fapi1-advanced.json}.
 *
 * <ul>
 * <li>authorization code: the token request only (FAPI 1.0 Part 2 §5.2.2: code + PKCE S256, {@code private_key_jwt}
 * with a PS256 assertion, over mTLS, certificate-bound token, PS256 ID token). The codes are obtained beforehand,
 * untimed, by PAR with a signed request object and the authorization endpoint on a signed-in browser session.</li>
 * <li>client credentials: {@code tls_client_auth} over mTLS, certificate-bound token.</li>
 * </ul>
 * Rounds alternate the realms (ours first, then stock first) at each concurrency, so drift affects both alike.
 */
final class TokenBench {

    static final String OURS = "bench-fapi-kit";
    static final String STOCK = "bench-kc-builtin";
    private static final String PKJWT = "fapi1-pkjwt";
    private static final String MTLS = "fapi1-mtls";
    private static final String REDIRECT = "https://client.example.org/cb";

    private final Node node;
    private final DemoClients demo;
    private final Results results;
    private final Bench.Plan plan;
    private final List<HttpClient> pkjwtClients = new ArrayList<>();
    private final List<HttpClient> mtlsClients = new ArrayList<>();
    private final Map<String, BlockingQueue<Browser>> browsers = Map.of(OURS, new LinkedBlockingQueue<>(),
            STOCK, new LinkedBlockingQueue<>());

    private record Code(String code, String verifier, String assertion) {
    }

    TokenBench(Node node, DemoClients demo, Results results, Bench.Plan plan) {
        this.node = node;
        this.demo = demo;
        this.results = results;
        this.plan = plan;
        for (int i = 0; i < 16; i++) {
            pkjwtClients.add(node.http(demo.get(PKJWT)));
            mtlsClients.add(node.http(demo.get(MTLS)));
        }
    }

    /** Both realms from the demo realm file; the stock one's policy names Keycloak's own profile instead of ours. */
    static void createRealms(Node node, HarnessSettings settings, DemoClients demo) throws Exception {
        String text = Files.readString(settings.realmsDir().resolve("fapi1-advanced.json"));
        for (Map.Entry<String, String> e : demo.env().entrySet()) {
            text = text.replace("${" + e.getKey() + "}", e.getValue());
        }
        for (String realm : List.of(OURS, STOCK)) {
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
            Node.expect(node.admin("POST", "realms", rep), 201, "create realm " + realm);
        }
    }

    void run() {
        System.out.println("== 1. Bundle overhead: FAPI 1.0 Advanced token requests, built-in profile vs FAPI Kit profile");
        for (String realm : List.of(OURS, STOCK)) {
            // four signed-in browsers per realm, one after the other, for the code preparation threads
            List<Browser> signedIn = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                obtainCode(realm, pkjwtClients.get(0));
                signedIn.add(browsers.get(realm).poll());
            }
            browsers.get(realm).addAll(signedIn);
            checkTokens(realm);
            measureCodes(realm, 4, plan.warmupCodes());
            Load.run(4, plan.warmupCredentials(), (w, i) -> credentials(realm, w));
        }
        for (int c : new int[] {1, 4, 16}) {
            compare("authorization code token request (PKCE, private_key_jwt, mTLS-bound)", c, plan.codeSamples(),
                    (realm, n) -> measureCodes(realm, c, n));
            compare("client credentials (tls_client_auth, mTLS-bound)", c, plan.credentialSamples(),
                    (realm, n) -> Load.run(c, n, (w, i) -> credentials(realm, w)));
        }
    }

    private interface Batch {
        Load.Outcome run(String realm, int n);
    }

    private void compare(String measure, int c, int samples, Batch batch) {
        int rounds = plan.rounds();
        Histogram[] h = {Load.histogram(), Load.histogram()};
        long[] wall = new long[2];
        long[] errors = new long[2];
        List<List<Double>> thr = List.of(new ArrayList<>(), new ArrayList<>());
        String[] realms = {OURS, STOCK};
        for (int r = 0; r < rounds; r++) {
            for (int k = 0; k < 2; k++) {
                int v = (r % 2 == 0) ? k : 1 - k;
                Load.Outcome o = batch.run(realms[v], samples / rounds);
                h[v].add(o.latencies());
                wall[v] += o.wallNanos();
                errors[v] += o.errors();
                thr.get(v).add(o.throughput());
            }
        }
        double[] throughput = new double[2];
        for (int v = 0; v < 2; v++) {
            throughput[v] = h[v].getTotalCount() / (wall[v] / 1e9);
        }
        String label = measure + ", " + c + " client" + (c > 1 ? "s" : "");
        String ratio = String.format(Locale.ROOT, "ours/stock: p50 %.2f, p95 %.2f, throughput %.2f (target latency ≤ 1.05)",
                Results.ms(h[0], 50) / Results.ms(h[1], 50), Results.ms(h[0], 95) / Results.ms(h[1], 95),
                throughput[0] / throughput[1]);
        results.latency("1", label, "FAPI Kit profile" + errorNote(errors[0]), h[0], throughput[0], spread(thr.get(0)), ratio);
        results.latency("1", label, "Keycloak built-in profile" + errorNote(errors[1]), h[1], throughput[1], spread(thr.get(1)), null);
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

    private Load.Outcome measureCodes(String realm, int c, int n) {
        List<Code> codes = Load.prepare(Math.min(4, Math.max(1, c)), n, i -> obtainCode(realm, pkjwtClients.get(i % 16)));
        return Load.run(c, n, (w, i) -> {
            Code code = codes.get(i);
            HttpResponse<String> r = Http.postForm(pkjwtClients.get(w), node.oidc(realm) + "/token",
                    Http.params("grant_type", "authorization_code", "code", code.code(), "redirect_uri", REDIRECT,
                            "code_verifier", code.verifier(), "client_id", PKJWT,
                            "client_assertion_type", Jose.CLIENT_ASSERTION_TYPE, "client_assertion", code.assertion()));
            return ok(r);
        });
    }

    private boolean credentials(String realm, int worker) {
        return ok(Http.postForm(mtlsClients.get(worker), node.oidc(realm) + "/token",
                Http.params("grant_type", "client_credentials", "client_id", MTLS)));
    }

    private static boolean ok(HttpResponse<String> r) {
        if (r.statusCode() != 200 || !r.body().contains("\"access_token\"")) {
            throw new IllegalStateException("HTTP " + r.statusCode() + ": " + r.body());
        }
        return true;
    }

    /** Both realms answer both requests with a certificate-bound PS256 access token (the premise of the comparison). */
    private void checkTokens(String realm) {
        Code code = obtainCode(realm, pkjwtClients.get(0));
        HttpResponse<String> r = Http.postForm(pkjwtClients.get(0), node.oidc(realm) + "/token",
                Http.params("grant_type", "authorization_code", "code", code.code(), "redirect_uri", REDIRECT,
                        "code_verifier", code.verifier(), "client_id", PKJWT,
                        "client_assertion_type", Jose.CLIENT_ASSERTION_TYPE, "client_assertion", code.assertion()));
        ok(r);
        HttpResponse<String> cc = Http.postForm(mtlsClients.get(0), node.oidc(realm) + "/token",
                Http.params("grant_type", "client_credentials", "client_id", MTLS));
        ok(cc);
        for (HttpResponse<String> t : List.of(r, cc)) {
            try {
                SignedJWT at = SignedJWT.parse(Http.json(t).get("access_token").asText());
                Object cnf = at.getJWTClaimsSet().getJSONObjectClaim("cnf");
                if (cnf == null || !at.getHeader().getAlgorithm().equals(JWSAlgorithm.PS256)) {
                    throw new IllegalStateException(realm + ": expected a PS256 certificate-bound token, got "
                            + at.getHeader().getAlgorithm() + " cnf=" + cnf);
                }
            } catch (java.text.ParseException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    /** PAR with a signed request object, then the authorization endpoint in a signed-in browser; the JARM code. */
    private Code obtainCode(String realm, HttpClient mtls) {
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
        Node.expect(par, 201, realm + " PAR");
        String url = node.oidc(realm) + "/auth?client_id=" + PKJWT + "&request_uri="
                + Http.enc(Http.json(par).get("request_uri").asText());
        Browser browser = browsers.get(realm).poll();
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
                throw new IllegalStateException(realm + ": no JARM response in " + location);
            }
            String code = SignedJWT.parse(response).getJWTClaimsSet().getStringClaim("code");
            return new Code(code, pkce.get("verifier"), Jose.clientAssertion(client, PKJWT, issuer));
        } catch (java.text.ParseException e) {
            throw new IllegalStateException(e);
        } finally {
            browsers.get(realm).add(browser);
        }
    }
}
