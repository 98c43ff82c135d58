package dev.fapikit.it.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.stream.Stream;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.PlainHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import dev.fapikit.it.harness.Browser;
import dev.fapikit.it.harness.ClientCert;
import dev.fapikit.it.harness.FapiKit;
import dev.fapikit.it.harness.FapiKitServer;
import dev.fapikit.it.harness.Http;
import dev.fapikit.it.harness.Jose;

/**
 * Hostile clients against every FAPI Kit endpoint: malformed, oversized, duplicated, forged and misdirected requests.
 * Each row must be answered with a 4xx and the error code the spec names, must leave nothing behind (no pending CIBA
 * request for alice or bob as the authenticator app lists them, no new client), and the server must keep serving
 * (discovery and readiness after the table).
 */
@FapiKitServer
@DisplayName("Hostile clients get a 4xx with the spec's error, nothing is stored, the server keeps serving")
class HostileClientsIT {

    private static final String CIBA_REALM = "fapi-ciba";
    private static final String FAPI1 = "fapi1-advanced";
    private static final String FAPI2 = "fapi2";
    private static final String LONG_51 = "x".repeat(51);
    private static final String NO_CSRF = "no-csrf-on-page";

    static FapiKit kit;
    static HostileRealm h;
    static ClientCert forger;
    static ClientCert cibaPoll;
    static ClientCert fapi2Mtls;
    static ClientCert fapi1Mtls;
    static String fapi1Iat;
    static String hostileIat;
    static String aliceApp;
    static String bobPendingAuthReqId;
    static String bobPendingId;
    static Browser approver;
    static String approverCsrf;
    static String masterToken;
    static Snapshot baseline;
    static final Map<String, String> OUTCOMES = new ConcurrentHashMap<>();

    /** What a refused request must not change. */
    record Snapshot(int alicePending, List<String> bobPending, int hostileClients, int fapi1Clients, int fapi2Clients) {
        static Snapshot take() {
            List<String> bob = new ArrayList<>();
            h.pending("bob").forEach(r -> bob.add(r.get("id").asText()));
            return new Snapshot(h.pending("alice").size(), bob, h.clientCount(),
                    kit.admin().get("realms/" + FAPI1 + "/clients?max=1000").size(),
                    kit.admin().get("realms/" + FAPI2 + "/clients?max=1000").size());
        }
    }

    /**
     * One hostile request and the answer the spec names ({@code status} 0: any 4xx); {@code error} null where the answer
     * has no OAuth error body.
     */
    record Row(String name, Function<Void, HttpResponse<String>> send, int status, String error) {

        @Override
        public String toString() {
            return name;
        }
    }

    @BeforeAll
    static void setUp(FapiKit fapiKit) {
        kit = fapiKit;
        h = HostileRealm.create(kit, "hostile");
        forger = kit.pki().issueClient("forger", "CN=ciba-poll,O=FAPI Kit Dev");
        cibaPoll = kit.demo().get("ciba-poll");
        fapi2Mtls = kit.demo().get("fapi2-sp-mtls");
        fapi1Mtls = kit.demo().get("fapi1-mtls");
        fapi1Iat = HostileRealm.initialAccessToken(kit, FAPI1);
        hostileIat = HostileRealm.initialAccessToken(kit, h.name);
        aliceApp = h.appToken("alice", true);
        masterToken = Http.json(Http.postForm(h.http, kit.oidcUrl("master") + "/token", Http.params("grant_type", "password",
                "client_id", "admin-cli", "username", "admin", "password", "admin"))).get("access_token").asText();
        // one legitimate pending request (bob's), which hostile rows try to steal, decide or poll from elsewhere
        HttpResponse<String> started = h.backchannel("speaker", Http.params("scope", "openid", "login_hint", "bob",
                "binding_message", "BOB-PENDING"));
        assertThat(started.statusCode()).as(started.body()).isEqualTo(200);
        bobPendingAuthReqId = Http.json(started).get("auth_req_id").asText();
        bobPendingId = h.pending("bob").get(0).get("id").asText();
        // bob signed in on the approval page, his request listed with its form: CSRF rows post forms in his session
        approver = kit.browser();
        approver.open(h.url() + "/fapi-kit-ciba/approvals", kit.baseUrl());
        approver.submit("login-actions/authenticate", Map.of("username", "bob", "password", "bob-pw"), kit.baseUrl());
        assertThat(approver.last().body()).contains("BOB-PENDING");
        approverCsrf = csrfOf(approver.last().body());
        assertThat(approverCsrf).isNotEqualTo(NO_CSRF);
        baseline = Snapshot.take();
        assertThat(baseline.bobPending()).containsExactly(bobPendingId);
        assertThat(baseline.alicePending()).isZero();
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @MethodSource("rows")
    void refusedWithTheSpecErrorAndNothingStored(Row row) {
        HttpResponse<String> r = row.send().apply(null);
        String answer = r.statusCode() + " " + abbreviate(r.body());
        removeRegisteredClient(r);
        assertThat(Snapshot.take()).as("nothing stored after %s → %s", row.name(), answer).isEqualTo(baseline);
        OUTCOMES.put(row.name(), answer);
        assertThat(r.statusCode()).as("%s → %s", row.name(), answer).isLessThan(500);
        if (row.status() > 0) {
            assertThat(r.statusCode()).as("%s → %s", row.name(), answer).isEqualTo(row.status());
        } else {
            assertThat(r.statusCode()).as("%s → %s", row.name(), answer).isBetween(400, 499);
        }
        if (row.error() != null) {
            assertThat(errorOf(r)).as("%s → %s", row.name(), answer).isEqualTo(row.error());
        }
    }

    /** A registration the server accepted although it should not: removed, so the next rows start from the baseline. */
    private static void removeRegisteredClient(HttpResponse<String> r) {
        if (r.statusCode() != 201 || !r.uri().getPath().contains("/clients-registrations/")) return;
        String clientId = Http.json(r).path("client_id").asText();
        String realm = r.uri().getPath().split("/")[2];
        for (var c : kit.admin().get("realms/" + realm + "/clients?clientId=" + Http.enc(clientId))) {
            kit.admin().delete("realms/" + realm + "/clients/" + c.get("id").asText());
        }
    }

    static String errorOf(HttpResponse<String> r) {
        try {
            return Http.JSON.readTree(r.body()).path("error").asText(null);
        } catch (java.io.IOException | RuntimeException notJson) {
            return null;
        }
    }

    @AfterAll
    static void serverKeepsServing() {
        if (kit == null) return;
        for (String realm : List.of(FAPI1, FAPI2, CIBA_REALM, h.name)) {
            HttpResponse<String> d = Http.get(h.http, kit.realmUrl(realm) + "/.well-known/openid-configuration");
            assertThat(d.statusCode()).as(realm + " discovery").isEqualTo(200);
            assertThat(Http.json(d).get("issuer").asText()).isEqualTo(kit.realmUrl(realm));
        }
        HttpResponse<String> ready = Http.get(h.http, "https://localhost:" + kit.server().managementPort() + "/health/ready");
        assertThat(ready.statusCode()).isEqualTo(200);
        // the legitimate request survived the table and still completes
        HttpResponse<String> decided = h.app("POST", h.appToken("bob", true), "/requests/" + bobPendingId + "/approve");
        assertThat(decided.statusCode()).as(decided.body()).isEqualTo(200);
        System.out.println("[hostile-clients] " + OUTCOMES.size() + " hostile requests, nothing stored:");
        OUTCOMES.forEach((k, v) -> System.out.println("  " + k + " → " + v));
    }

    static Stream<Arguments> rows() {
        List<Row> rows = new ArrayList<>();
        rows.addAll(backchannelRows());
        rows.addAll(signedBackchannelRows());
        rows.addAll(tokenRows());
        rows.addAll(parRows());
        rows.addAll(introspectionRows());
        rows.addAll(registrationRows());
        rows.addAll(appApiRows());
        rows.addAll(approvalPageRows());
        assertThat(rows).hasSizeGreaterThanOrEqualTo(80);
        return rows.stream().map(Arguments::of);
    }

    // ---- CIBA backchannel endpoint, client_secret_basic realm ---------------------------------------------------

    private static List<Row> backchannelRows() {
        List<Row> rows = new ArrayList<>();
        Map<String, String> bindingMessages = new LinkedHashMap<>();
        bindingMessages.put("control character U+0001", "PAY\u0001 10");
        bindingMessages.put("NUL", "PAY\u0000 10");
        bindingMessages.put("line feed", "PAY\n10");
        bindingMessages.put("CRLF header injection", "OK\r\nSet-Cookie: a=b");
        bindingMessages.put("tab", "PAY\t10");
        bindingMessages.put("right-to-left override", "PAY \u202E01 RUE");
        bindingMessages.put("left-to-right isolate", "PAY \u2066X\u2069");
        bindingMessages.put("line separator U+2028", "PAY\u202810");
        bindingMessages.put("private-use character", "PAY \uE000");
        bindingMessages.put("unassigned code point", "PAY \u0378");
        bindingMessages.put("markup with a BEL", "<script>alert(1)</script>\u0007");
        bindingMessages.put("51 characters", LONG_51);
        bindingMessages.put("10,000 characters", "y".repeat(10_000));
        bindingMessages.put("only spaces", "     ");
        bindingMessages.put("DEL", "PAY\u007f");
        bindingMessages.forEach((what, message) -> rows.add(new Row("backchannel: binding_message with " + what,
                v -> h.backchannel("speaker", Http.params("scope", "openid", "login_hint", "alice", "binding_message", message)),
                400, "invalid_binding_message")));

        rows.add(cibaRow("unknown user", 400, "unknown_user_id", "scope", "openid", "login_hint", "mallory"));
        rows.add(cibaRow("two hints", 400, "invalid_request", "scope", "openid", "login_hint", "alice", "id_token_hint", "x.y.z"));
        rows.add(cibaRow("no hint", 400, "invalid_request", "scope", "openid"));
        rows.add(cibaRow("empty login_hint", 400, "invalid_request", "scope", "openid", "login_hint", ""));
        rows.add(cibaRow("login_hint_token not a JWT", 400, "invalid_request", "scope", "openid", "login_hint_token", "garbage"));
        rows.add(cibaRow("login_hint_token alg none", 400, "invalid_request", "scope", "openid", "login_hint_token",
                unsigned(subIdClaims("alice@example.org"))));
        rows.add(cibaRow("login_hint_token HS256 with a guessed secret", 400, "invalid_request", "scope", "openid",
                "login_hint_token", hs256(subIdClaims("alice@example.org"), "guessed-secret-guessed-secret-guessed")));
        rows.add(cibaRow("login_hint_token signed by a stranger", 400, "invalid_request", "scope", "openid",
                "login_hint_token", Jose.sign(forger, JWSAlgorithm.RS256, subIdClaims("alice@example.org"))));
        rows.add(cibaRow("id_token_hint forged by a stranger", 400, "invalid_request", "scope", "openid",
                "id_token_hint", Jose.sign(forger, JWSAlgorithm.RS256, idTokenClaims())));
        rows.add(cibaRow("id_token_hint alg none", 400, "invalid_request", "scope", "openid", "id_token_hint", unsigned(idTokenClaims())));
        rows.add(cibaRow("id_token_hint garbage", 400, "invalid_request", "scope", "openid", "id_token_hint", "a.b.c"));
        rows.add(cibaRow("missing scope", 400, "invalid_request", "login_hint", "alice"));
        rows.add(cibaRow("unknown scope", 400, "invalid_scope", "scope", "openid admin:all", "login_hint", "alice"));
        rows.add(cibaRow("requested_expiry 0", 400, "invalid_request", "scope", "openid", "login_hint", "alice", "requested_expiry", "0"));
        rows.add(cibaRow("requested_expiry negative", 400, "invalid_request", "scope", "openid", "login_hint", "alice", "requested_expiry", "-5"));
        rows.add(cibaRow("requested_expiry not a number", 400, "invalid_request", "scope", "openid", "login_hint", "alice", "requested_expiry", "soon"));
        rows.add(cibaRow("requested_expiry beyond int", 400, "invalid_request", "scope", "openid", "login_hint", "alice",
                "requested_expiry", "99999999999999999999"));
        rows.add(cibaRow("client_notification_token in poll mode", 400, "invalid_request", "scope", "openid", "login_hint", "alice",
                "client_notification_token", "tok-123456789"));
        rows.add(cibaRow("user_code from a client not registered for it", 400, "invalid_request", "scope", "openid",
                "login_hint", "alice", "user_code", "1234"));
        rows.add(cibaRow("signed request that is garbage", 400, "invalid_request", "request", "not.a.jwt"));
        rows.add(cibaRow("login_hint of 100,000 characters", 0, null, "scope", "openid", "login_hint", "a".repeat(100_000)));
        rows.add(new Row("backchannel: kiosk may not use id_token_hint",
                v -> h.backchannel("kiosk", Http.params("scope", "openid", "id_token_hint", unsigned(idTokenClaims()))), 400, "invalid_request"));
        rows.add(new Row("backchannel: kiosk may not use login_hint_token",
                v -> h.backchannel("kiosk", Http.params("scope", "openid", "login_hint_token", unsigned(subIdClaims("alice@example.org")))),
                400, "invalid_request"));
        rows.add(new Row("backchannel: ping client without client_notification_token",
                v -> h.backchannel("pos-ping", Http.params("scope", "openid", "login_hint", "alice")), 400, "invalid_request"));
        rows.add(new Row("backchannel: ping client with a 2,000-character notification token",
                v -> h.backchannel("pos-ping", Http.params("scope", "openid", "login_hint", "alice",
                        "client_notification_token", "t".repeat(2000))), 400, "invalid_request"));
        rows.add(new Row("backchannel: duplicate login_hint (alice and bob)",
                v -> h.post(h.oidc() + "/ext/ciba/auth", "speaker", "scope=openid&login_hint=alice&login_hint=bob"), 400, "invalid_request"));
        rows.add(new Row("backchannel: duplicate binding_message",
                v -> h.post(h.oidc() + "/ext/ciba/auth", "speaker", "scope=openid&login_hint=alice&binding_message=A&binding_message=B"),
                400, "invalid_request"));
        rows.add(new Row("backchannel: wrong client secret",
                v -> send(h.oidc() + "/ext/ciba/auth", "POST", "application/x-www-form-urlencoded",
                        "scope=openid&login_hint=alice", "Authorization", "Basic " + b64("speaker:wrong")), 401, "invalid_client"));
        rows.add(new Row("backchannel: unknown client",
                v -> send(h.oidc() + "/ext/ciba/auth", "POST", "application/x-www-form-urlencoded",
                        "scope=openid&login_hint=alice", "Authorization", "Basic " + b64("nobody:secret")), 401, "invalid_client"));
        rows.add(new Row("backchannel: no client authentication",
                v -> send(h.oidc() + "/ext/ciba/auth", "POST", "application/x-www-form-urlencoded", "scope=openid&login_hint=alice"),
                401, "invalid_client"));
        rows.add(new Row("backchannel: malformed Basic header",
                v -> send(h.oidc() + "/ext/ciba/auth", "POST", "application/x-www-form-urlencoded",
                        "scope=openid&login_hint=alice", "Authorization", "Basic %%%not-base64"), 0, null));
        rows.add(new Row("backchannel: JSON body",
                v -> send(h.oidc() + "/ext/ciba/auth", "POST", "application/json", "{\"scope\":\"openid\",\"login_hint\":\"alice\"}",
                        "Authorization", h.basic("speaker")), 0, null));
        rows.add(new Row("backchannel: text/plain body",
                v -> send(h.oidc() + "/ext/ciba/auth", "POST", "text/plain", "scope=openid&login_hint=alice",
                        "Authorization", h.basic("speaker")), 0, null));
        rows.add(new Row("backchannel: GET",
                v -> send(h.oidc() + "/ext/ciba/auth?scope=openid&login_hint=alice", "GET", null, null,
                        "Authorization", h.basic("speaker")), 405, null));
        rows.add(new Row("backchannel: body of broken percent-encoding",
                v -> h.post(h.oidc() + "/ext/ciba/auth", "speaker", "scope=openid&login_hint=%E0%A4%A&binding_message=%ZZ"), 400, "invalid_request"));
        return rows;
    }

    private static Row cibaRow(String what, int status, String error, String... params) {
        return new Row("backchannel: " + what, v -> h.backchannel("speaker", Http.params(params)), status, error);
    }

    // ---- CIBA backchannel endpoint, demo realm fapi-ciba (private_key_jwt over mTLS, signed requests) -----------

    private static List<Row> signedBackchannelRows() {
        List<Row> rows = new ArrayList<>();
        String issuer = kit.realmUrl(CIBA_REALM);
        String endpoint = kit.oidcUrl(CIBA_REALM) + "/ext/ciba/auth";
        rows.add(new Row("signed backchannel: no client authentication",
                v -> Http.postForm(kit.http(cibaPoll), endpoint, Http.params("request", signedCibaRequest(cibaPoll, issuer, "X"))),
                401, "invalid_client"));
        rows.add(new Row("signed backchannel: client assertion forged by a stranger",
                v -> Http.postForm(kit.http(cibaPoll), endpoint, Http.params("request", signedCibaRequest(cibaPoll, issuer, "X"),
                        "client_assertion_type", Jose.CLIENT_ASSERTION_TYPE, "client_assertion", Jose.clientAssertion(forger, "ciba-poll", issuer))),
                401, "invalid_client"));
        rows.add(new Row("signed backchannel: client assertion alg none",
                v -> Http.postForm(kit.http(cibaPoll), endpoint, Http.params("request", signedCibaRequest(cibaPoll, issuer, "X"),
                        "client_assertion_type", Jose.CLIENT_ASSERTION_TYPE, "client_assertion", unsigned(assertionClaims(issuer, 60)))),
                401, "invalid_client"));
        rows.add(new Row("signed backchannel: client assertion expired 5 minutes ago",
                v -> Http.postForm(kit.http(cibaPoll), endpoint, Http.params("request", signedCibaRequest(cibaPoll, issuer, "X"),
                        "client_assertion_type", Jose.CLIENT_ASSERTION_TYPE,
                        "client_assertion", Jose.sign(cibaPoll, JWSAlgorithm.PS256, assertionClaims(issuer, -300)))),
                401, "invalid_client"));
        rows.add(new Row("signed backchannel: client assertion for another audience",
                v -> Http.postForm(kit.http(cibaPoll), endpoint, Http.params("request", signedCibaRequest(cibaPoll, issuer, "X"),
                        "client_assertion_type", Jose.CLIENT_ASSERTION_TYPE,
                        "client_assertion", Jose.clientAssertion(cibaPoll, "ciba-poll", "https://evil.example.org"))),
                401, "invalid_client"));
        rows.add(new Row("signed backchannel: client assertion that is garbage",
                v -> Http.postForm(kit.http(cibaPoll), endpoint, Http.params("request", signedCibaRequest(cibaPoll, issuer, "X"),
                        "client_assertion_type", Jose.CLIENT_ASSERTION_TYPE, "client_assertion", "eyJhbGciOiJQUzI1NiJ9.e30.AAAA")),
                401, "invalid_client"));
        rows.add(new Row("signed backchannel: unsigned parameters where a signed request is required",
                v -> Http.postForm(kit.http(cibaPoll), endpoint, Http.params("scope", "openid", "login_hint", "alice", "binding_message", "X",
                        "client_assertion_type", Jose.CLIENT_ASSERTION_TYPE, "client_assertion", Jose.clientAssertion(cibaPoll, "ciba-poll", issuer))),
                400, "invalid_request"));
        rows.add(new Row("signed backchannel: request signed by a stranger",
                v -> Http.postForm(kit.http(cibaPoll), endpoint, Http.params("request", signedCibaRequest(forger, issuer, "X"),
                        "client_assertion_type", Jose.CLIENT_ASSERTION_TYPE, "client_assertion", Jose.clientAssertion(cibaPoll, "ciba-poll", issuer))),
                400, "invalid_request"));
        rows.add(new Row("signed backchannel: request alg none",
                v -> Http.postForm(kit.http(cibaPoll), endpoint, Http.params("request", unsigned(cibaRequestClaims(issuer, "X")),
                        "client_assertion_type", Jose.CLIENT_ASSERTION_TYPE, "client_assertion", Jose.clientAssertion(cibaPoll, "ciba-poll", issuer))),
                400, "invalid_request"));
        rows.add(new Row("signed backchannel: request signed RS256 (PS256 registered)",
                v -> Http.postForm(kit.http(cibaPoll), endpoint, Http.params("request",
                        Jose.sign(cibaPoll, JWSAlgorithm.RS256, cibaRequestClaims(issuer, "X")),
                        "client_assertion_type", Jose.CLIENT_ASSERTION_TYPE, "client_assertion", Jose.clientAssertion(cibaPoll, "ciba-poll", issuer))),
                400, "invalid_request"));
        return rows;
    }

    // ---- token endpoint: CIBA grant ------------------------------------------------------------------------------

    private static List<Row> tokenRows() {
        List<Row> rows = new ArrayList<>();
        String token = h.oidc() + "/token";
        rows.add(tokenRow("unknown auth_req_id", 400, "invalid_grant", "speaker", "grant_type=" + enc(HostileRealm.CIBA_GRANT) + "&auth_req_id=unknown"));
        rows.add(tokenRow("forged JWE-shaped auth_req_id", 400, "invalid_grant", "speaker",
                "grant_type=" + enc(HostileRealm.CIBA_GRANT) + "&auth_req_id=eyJhbGciOiJkaXIiLCJlbmMiOiJBMjU2R0NNIn0..AAAA.BBBB.CCCC"));
        rows.add(tokenRow("another client's auth_req_id", 400, "invalid_grant", "kiosk",
                "grant_type=" + enc(HostileRealm.CIBA_GRANT) + "&auth_req_id=" + enc(bobPendingAuthReqId)));
        rows.add(tokenRow("missing auth_req_id", 400, "invalid_request", "speaker", "grant_type=" + enc(HostileRealm.CIBA_GRANT)));
        rows.add(tokenRow("auth_req_id of 50,000 characters", 0, null, "speaker",
                "grant_type=" + enc(HostileRealm.CIBA_GRANT) + "&auth_req_id=" + "A".repeat(50_000)));
        rows.add(tokenRow("duplicate grant_type", 400, "invalid_request", "speaker",
                "grant_type=" + enc(HostileRealm.CIBA_GRANT) + "&grant_type=password&auth_req_id=x"));
        rows.add(tokenRow("unknown grant_type", 400, "unsupported_grant_type", "speaker", "grant_type=urn:evil"));
        rows.add(tokenRow("missing grant_type", 400, "invalid_request", "speaker", "auth_req_id=x"));
        rows.add(new Row("token: CIBA grant with a wrong secret", v -> send(token, "POST", "application/x-www-form-urlencoded",
                "grant_type=" + enc(HostileRealm.CIBA_GRANT) + "&auth_req_id=" + enc(bobPendingAuthReqId),
                "Authorization", "Basic " + b64("speaker:wrong")), 401, "unauthorized_client"));
        rows.add(new Row("token: body of broken percent-encoding", v -> h.post(token, "speaker",
                "grant_type=" + enc(HostileRealm.CIBA_GRANT) + "&auth_req_id=%E0%A4%A"), 400, "invalid_request"));
        rows.add(new Row("token: JSON body", v -> send(token, "POST", "application/json",
                "{\"grant_type\":\"" + HostileRealm.CIBA_GRANT + "\"}", "Authorization", h.basic("speaker")), 0, null));
        rows.add(new Row("token: fapi-ciba CIBA grant with a forged client assertion",
                v -> Http.postForm(kit.http(cibaPoll), kit.oidcUrl(CIBA_REALM) + "/token", Http.params("grant_type", HostileRealm.CIBA_GRANT,
                        "auth_req_id", "unknown", "client_assertion_type", Jose.CLIENT_ASSERTION_TYPE,
                        "client_assertion", Jose.clientAssertion(forger, "ciba-poll", kit.realmUrl(CIBA_REALM)))),
                0, "invalid_client")); // RFC 6749 §5.2: 401 only when the client authenticated with the Authorization header
        rows.add(new Row("token: fapi-ciba unknown auth_req_id",
                v -> Http.postForm(kit.http(cibaPoll), kit.oidcUrl(CIBA_REALM) + "/token", Http.params("grant_type", HostileRealm.CIBA_GRANT,
                        "auth_req_id", "unknown", "client_assertion_type", Jose.CLIENT_ASSERTION_TYPE,
                        "client_assertion", Jose.clientAssertion(cibaPoll, "ciba-poll", kit.realmUrl(CIBA_REALM)))),
                400, "invalid_grant"));
        rows.add(new Row("token: fapi1 tls_client_auth with another client's certificate",
                v -> Http.postForm(kit.http(fapi2Mtls), kit.oidcUrl(FAPI1) + "/token",
                        Http.params("grant_type", "client_credentials", "client_id", "fapi1-mtls")), 401, "invalid_client"));
        rows.add(new Row("token: fapi1 tls_client_auth without a certificate",
                v -> Http.postForm(kit.http(null), kit.oidcUrl(FAPI1) + "/token",
                        Http.params("grant_type", "client_credentials", "client_id", "fapi1-mtls")), 401, "invalid_client"));
        rows.add(new Row("token: fapi1 tls_client_auth with a self-signed certificate of the same subject",
                v -> Http.postForm(kit.http(kit.pki().issue(dev.fapikit.it.harness.TestPki.CertSpec.named("self")
                        .subject("CN=fapi1-mtls,O=FAPI Kit Dev").selfSigned())), kit.oidcUrl(FAPI1) + "/token",
                        Http.params("grant_type", "client_credentials", "client_id", "fapi1-mtls")), 0, null));
        return rows;
    }

    private static Row tokenRow(String what, int status, String error, String clientId, String form) {
        return new Row("token: " + what, v -> h.post(h.oidc() + "/token", clientId, form), status, error);
    }

    // ---- PAR (fapi2, private_key_jwt over mTLS) -------------------------------------------------------------------

    private static List<Row> parRows() {
        List<Row> rows = new ArrayList<>();
        String par = kit.oidcUrl(FAPI2) + "/ext/par/request";
        String issuer = kit.realmUrl(FAPI2);
        rows.add(new Row("PAR: GET", v -> send(par + "?client_id=fapi2-sp-mtls&response_type=code", "GET", null, null), 405, null));
        rows.add(new Row("PAR: no client authentication", v -> Http.postForm(kit.http(fapi2Mtls), par,
                Http.params("client_id", "fapi2-sp-mtls", "response_type", "code", "scope", "openid",
                        "redirect_uri", "https://client.example.org/cb")), 401, "invalid_client"));
        rows.add(new Row("PAR: client assertion forged by a stranger", v -> Http.postForm(kit.http(fapi2Mtls), par,
                parParams(Jose.clientAssertion(forger, "fapi2-sp-mtls", issuer), "request_uri", null)), 401, "invalid_client"));
        rows.add(new Row("PAR: body carrying request_uri", v -> Http.postForm(kit.http(fapi2Mtls), par,
                parParams(Jose.clientAssertion(fapi2Mtls, "fapi2-sp-mtls", issuer), "request_uri", "urn:ietf:params:oauth:request_uri:abc")),
                400, "invalid_request"));
        rows.add(new Row("PAR: response_type token", v -> Http.postForm(kit.http(fapi2Mtls), par,
                parParams(Jose.clientAssertion(fapi2Mtls, "fapi2-sp-mtls", issuer), "response_type", "token")), 0, null));
        rows.add(new Row("PAR: unregistered redirect_uri", v -> Http.postForm(kit.http(fapi2Mtls), par,
                parParams(Jose.clientAssertion(fapi2Mtls, "fapi2-sp-mtls", issuer), "redirect_uri", "https://evil.example.org/cb")),
                400, "invalid_request"));
        rows.add(new Row("PAR: duplicate redirect_uri", v -> send(par, "POST", "application/x-www-form-urlencoded",
                Http.form(parParams(Jose.clientAssertion(fapi2Mtls, "fapi2-sp-mtls", issuer), "state", "s"))
                        + "&redirect_uri=" + enc("https://evil.example.org/cb")), 0, null));
        rows.add(new Row("PAR: body of broken percent-encoding", v -> send(par, "POST", "application/x-www-form-urlencoded",
                Http.form(parParams(Jose.clientAssertion(fapi2Mtls, "fapi2-sp-mtls", issuer), "state", "s")) + "&nonce=%G1"),
                400, "invalid_request"));
        rows.add(new Row("PAR: JSON body", v -> send(par, "POST", "application/json", "{\"client_id\":\"fapi2-sp-mtls\"}"), 0, null));
        rows.add(new Row("PAR: plain PKCE", v -> Http.postForm(kit.http(fapi2Mtls), par,
                parParams(Jose.clientAssertion(fapi2Mtls, "fapi2-sp-mtls", issuer), "code_challenge_method", "plain")),
                400, "invalid_request"));
        return rows;
    }

    private static Map<String, String> parParams(String assertion, String extraName, String extraValue) {
        Map<String, String> p = new LinkedHashMap<>(Http.params("client_id", "fapi2-sp-mtls", "response_type", "code", "scope", "openid",
                "redirect_uri", "https://client.example.org/cb", "code_challenge", Jose.pkce().get("challenge"),
                "code_challenge_method", "S256", "state", "st", "nonce", "n",
                "client_assertion_type", Jose.CLIENT_ASSERTION_TYPE, "client_assertion", assertion));
        if (extraValue != null) p.put(extraName, extraValue);
        return p;
    }

    // ---- introspection ---------------------------------------------------------------------------------------------

    private static List<Row> introspectionRows() {
        List<Row> rows = new ArrayList<>();
        String introspect = h.oidc() + "/token/introspect";
        rows.add(new Row("introspection: no client authentication", v -> send(introspect, "POST",
                "application/x-www-form-urlencoded", "token=" + aliceApp), 401, "invalid_client"));
        rows.add(new Row("introspection: wrong client secret", v -> send(introspect, "POST", "application/x-www-form-urlencoded",
                "token=" + aliceApp, "Authorization", "Basic " + b64("speaker:wrong")), 401, "invalid_client"));
        rows.add(new Row("introspection: missing token", v -> h.post(introspect, "speaker", "token_type_hint=access_token"),
                400, "invalid_request"));
        rows.add(new Row("introspection: GET", v -> send(introspect + "?token=x", "GET", null, null, "Authorization", h.basic("speaker")),
                405, null));
        rows.add(new Row("introspection: body of broken percent-encoding", v -> h.post(introspect, "speaker", "token=%%41"),
                400, "invalid_request"));
        rows.add(new Row("introspection: JSON body", v -> send(introspect, "POST", "application/json", "{\"token\":\"x\"}",
                "Authorization", h.basic("speaker")), 0, null));
        return rows;
    }

    // ---- dynamic client registration --------------------------------------------------------------------------------

    private static List<Row> registrationRows() {
        List<Row> rows = new ArrayList<>();
        String fapi1Reg = kit.realmUrl(FAPI1) + "/clients-registrations/openid-connect";
        String hostileReg = h.url() + "/clients-registrations/openid-connect";
        rows.add(new Row("registration: no initial access token", v -> send(hostileReg, "POST", "application/json",
                "{\"redirect_uris\":[\"https://client.example.org/cb\"]}"), 0, null));
        rows.add(new Row("registration: forged initial access token", v -> send(hostileReg, "POST", "application/json",
                "{\"redirect_uris\":[\"https://client.example.org/cb\"]}", "Authorization", "Bearer "
                        + Jose.sign(forger, JWSAlgorithm.RS256, new JWTClaimsSet.Builder().issuer(h.url()).build())), 401, null));
        rows.add(new Row("registration: truncated JSON", v -> send(hostileReg, "POST", "application/json",
                "{\"redirect_uris\":[", "Authorization", "Bearer " + hostileIat), 400, "invalid_client_metadata"));
        rows.add(new Row("registration: JSON array", v -> send(hostileReg, "POST", "application/json",
                "[1,2,3]", "Authorization", "Bearer " + hostileIat), 400, "invalid_client_metadata"));
        rows.add(new Row("registration: wrong types", v -> send(hostileReg, "POST", "application/json",
                "{\"redirect_uris\":\"https://client.example.org/cb\",\"grant_types\":7}", "Authorization", "Bearer " + hostileIat),
                400, "invalid_client_metadata"));
        rows.add(new Row("registration: text/plain", v -> send(hostileReg, "POST", "text/plain",
                "{\"redirect_uris\":[\"https://client.example.org/cb\"]}", "Authorization", "Bearer " + hostileIat), 415, null));
        rows.add(new Row("registration: javascript: redirect_uri", v -> send(hostileReg, "POST", "application/json",
                "{\"redirect_uris\":[\"javascript:alert(1)\"]}", "Authorization", "Bearer " + hostileIat), 400, "invalid_redirect_uri"));
        rows.add(new Row("registration: fapi1 with token_endpoint_auth_method none", v -> send(fapi1Reg, "POST", "application/json",
                "{\"redirect_uris\":[\"https://client.example.org/cb\"],\"token_endpoint_auth_method\":\"none\"}",
                "Authorization", "Bearer " + fapi1Iat), 400, "invalid_client_metadata"));
        rows.add(new Row("registration: fapi1 with a 1024-bit RSA key", v -> send(fapi1Reg, "POST", "application/json",
                "{\"redirect_uris\":[\"https://client.example.org/cb\"],\"token_endpoint_auth_method\":\"private_key_jwt\",\"jwks\":"
                        + weakJwks() + "}", "Authorization", "Bearer " + fapi1Iat), 400, "invalid_client_metadata"));
        rows.add(new Row("registration: fapi1 with a JWK whose modulus is not base64url", v -> send(fapi1Reg, "POST", "application/json",
                "{\"redirect_uris\":[\"https://client.example.org/cb\"],\"token_endpoint_auth_method\":\"private_key_jwt\","
                        + "\"jwks\":{\"keys\":[{\"kty\":\"RSA\",\"kid\":\"k\",\"use\":\"sig\",\"n\":\":AQAB\",\"e\":\"AQAB\"}]}}",
                "Authorization", "Bearer " + fapi1Iat), 400, "invalid_client_metadata"));
        rows.add(new Row("registration: fapi1 self_signed_tls_client_auth with an x5c that is not a certificate",
                v -> send(fapi1Reg, "POST", "application/json",
                "{\"redirect_uris\":[\"https://client.example.org/cb\"],\"token_endpoint_auth_method\":\"self_signed_tls_client_auth\","
                        + "\"jwks\":{\"keys\":[{\"kty\":\"EC\",\"crv\":\"P-256\",\"x\":\"AA\",\"y\":\"AA\",\"x5c\":[\"bm90IGEgY2VydA==\"]}]}}",
                "Authorization", "Bearer " + fapi1Iat), 400, "invalid_client_metadata"));
        rows.add(new Row("registration: 200,000-character client_name", v -> send(hostileReg, "POST", "application/json",
                "{\"redirect_uris\":[\"https://client.example.org/cb\"],\"client_name\":\"" + "n".repeat(200_000) + "\"}",
                "Authorization", "Bearer " + hostileIat), 400, "invalid_client_metadata"));
        rows.add(new Row("registration: tls_client_auth without any subject metadata", v -> send(fapi1Reg, "POST",
                "application/json", "{\"redirect_uris\":[\"https://client.example.org/cb\"],\"token_endpoint_auth_method\":\"tls_client_auth\"}",
                "Authorization", "Bearer " + fapi1Iat), 400, "invalid_client_metadata"));
        return rows;
    }

    // ---- authenticator-app API ---------------------------------------------------------------------------------------

    private static List<Row> appApiRows() {
        List<Row> rows = new ArrayList<>();
        rows.add(new Row("app API: no token", v -> h.app("GET", null, "/requests"), 401, "invalid_token"));
        rows.add(new Row("app API: garbage token", v -> h.app("GET", "garbage", "/requests"), 401, "invalid_token"));
        rows.add(new Row("app API: token alg none", v -> h.app("GET", unsigned(appTokenClaims()), "/requests"), 401, "invalid_token"));
        rows.add(new Row("app API: token forged by a stranger", v -> h.app("GET",
                Jose.sign(forger, JWSAlgorithm.RS256, appTokenClaims()), "/requests"), 401, "invalid_token"));
        rows.add(new Row("app API: token of another realm (master)", v -> h.app("GET", masterToken, "/requests"), 401, "invalid_token"));
        rows.add(new Row("app API: token without the approver scope", v -> h.app("GET", h.appToken("alice", false), "/requests"),
                403, "insufficient_scope"));
        rows.add(new Row("app API: approve an unknown id", v -> h.app("POST", aliceApp, "/requests/unknown/approve"), 404, "not_found"));
        rows.add(new Row("app API: approve another user's request", v -> h.app("POST", aliceApp, "/requests/" + bobPendingId + "/approve"),
                404, "not_found"));
        rows.add(new Row("app API: deny another user's request", v -> h.app("POST", aliceApp, "/requests/" + bobPendingId + "/deny"),
                404, "not_found"));
        rows.add(new Row("app API: path traversal in the id", v -> h.app("POST", aliceApp, "/requests/..%2F..%2F..%2Fadmin/approve"),
                0, null));
        rows.add(new Row("app API: id of 5,000 characters", v -> h.app("POST", aliceApp, "/requests/" + "i".repeat(5000) + "/approve"),
                0, null));
        rows.add(new Row("app API: approve with GET", v -> h.app("GET", aliceApp, "/requests/" + bobPendingId + "/approve"), 0, null));
        rows.add(new Row("app API: DELETE the list", v -> h.app("DELETE", aliceApp, "/requests"), 405, null));
        rows.add(new Row("app API: unknown decision", v -> h.app("POST", aliceApp, "/requests/" + bobPendingId + "/maybe"), 404, null));
        return rows;
    }

    // ---- approval page -------------------------------------------------------------------------------------------------

    private static List<Row> approvalPageRows() {
        List<Row> rows = new ArrayList<>();
        String page = h.url() + "/fapi-kit-ciba/approvals/";
        rows.add(new Row("approval page: decision without CSRF token", v -> Http.postForm(approver.http(), page + bobPendingId,
                Http.params("decision", "approve")), 403, null));
        rows.add(new Row("approval page: decision with a forged CSRF token", v -> Http.postForm(approver.http(), page + bobPendingId,
                Http.params("decision", "approve", "csrf", "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")), 403, null));
        rows.add(new Row("approval page: CSRF token of another session", v -> Http.postForm(approver.http(), page + bobPendingId,
                Http.params("decision", "approve", "csrf", otherSessionCsrf())), 403, null));
        rows.add(new Row("approval page: unknown decision", v -> Http.postForm(approver.http(), page + bobPendingId,
                Http.params("decision", "maybe", "csrf", approverCsrf)), 400, null));
        rows.add(new Row("approval page: body of broken percent-encoding", v -> Http.send(approver.http(),
                HttpRequest.newBuilder(URI.create(page + bobPendingId)).header("Content-Type", "application/x-www-form-urlencoded")
                        .header("Accept", "text/html").POST(HttpRequest.BodyPublishers.ofString("decision=approve&csrf=" + approverCsrf + "%E0%A4%A")).build()),
                400, null));
        rows.add(new Row("approval page: JSON body", v -> Http.send(approver.http(), HttpRequest.newBuilder(URI.create(page + bobPendingId))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("{\"decision\":\"approve\"}")).build()),
                0, null));
        return rows;
    }

    // ---- helpers -----------------------------------------------------------------------------------------------------

    static HttpResponse<String> send(String url, String method, String contentType, String body, String... headers) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (contentType != null) b.header("Content-Type", contentType);
        if (headers.length > 0) b.headers(headers);
        return Http.send(h.http, b.build());
    }

    private static String csrfOf(String html) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("name=\"csrf\"\\s+value=\"([^\"]+)\"").matcher(html);
        if (m.find()) return m.group(1);
        m = java.util.regex.Pattern.compile("value=\"([^\"]+)\"\\s+name=\"csrf\"").matcher(html);
        return m.find() ? m.group(1) : NO_CSRF;
    }

    /** The CSRF token of another approval-page session of bob's: valid there, not in the session the rows use. */
    private static String otherSessionCsrf() {
        Browser bob = kit.browser();
        bob.open(h.url() + "/fapi-kit-ciba/approvals", kit.baseUrl());
        bob.submit("login-actions/authenticate", Map.of("username", "bob", "password", "bob-pw"), kit.baseUrl());
        return csrfOf(bob.last().body());
    }

    private static JWTClaimsSet subIdClaims(String email) {
        Instant now = Instant.now();
        return new JWTClaimsSet.Builder().issuer("speaker").audience(h.url()).issueTime(Date.from(now))
                .expirationTime(Date.from(now.plusSeconds(300)))
                .claim("sub_id", Map.of("format", "email", "email", email)).build();
    }

    private static JWTClaimsSet idTokenClaims() {
        Instant now = Instant.now();
        return new JWTClaimsSet.Builder().issuer(h.url()).audience("speaker").subject("alice").claim("typ", "ID")
                .claim("azp", "speaker").issueTime(Date.from(now)).expirationTime(Date.from(now.plusSeconds(300))).build();
    }

    private static JWTClaimsSet appTokenClaims() {
        Instant now = Instant.now();
        return new JWTClaimsSet.Builder().issuer(h.url()).audience("account").subject("alice").claim("typ", "Bearer")
                .claim("azp", "authenticator-app").claim("scope", "openid fapi-kit-ciba-approver")
                .issueTime(Date.from(now)).expirationTime(Date.from(now.plusSeconds(300))).jwtID(Jose.randomId()).build();
    }

    private static JWTClaimsSet assertionClaims(String issuer, int expiresIn) {
        Instant now = Instant.now();
        return new JWTClaimsSet.Builder().issuer("ciba-poll").subject("ciba-poll").audience(issuer).jwtID(Jose.randomId())
                .issueTime(Date.from(now.plusSeconds(Math.min(0, expiresIn) - 60)))
                .expirationTime(Date.from(now.plusSeconds(expiresIn))).build();
    }

    private static JWTClaimsSet cibaRequestClaims(String issuer, String bindingMessage) {
        Instant now = Instant.now();
        return new JWTClaimsSet.Builder().issuer("ciba-poll").audience(issuer).claim("scope", "openid").claim("login_hint", "alice")
                .claim("binding_message", bindingMessage).issueTime(Date.from(now)).notBeforeTime(Date.from(now))
                .expirationTime(Date.from(now.plusSeconds(300))).jwtID(Jose.randomId()).build();
    }

    private static String signedCibaRequest(ClientCert key, String issuer, String bindingMessage) {
        return Jose.sign(key, JWSAlgorithm.PS256, cibaRequestClaims(issuer, bindingMessage));
    }

    private static String unsigned(JWTClaimsSet claims) {
        return new PlainJWT(new PlainHeader.Builder().type(JOSEObjectType.JWT).build(), claims).serialize();
    }

    private static String hs256(JWTClaimsSet claims, String secret) {
        try {
            SignedJWT jwt = new SignedJWT(new com.nimbusds.jose.JWSHeader(JWSAlgorithm.HS256), claims);
            jwt.sign(new MACSigner(secret.getBytes()));
            return jwt.serialize();
        } catch (com.nimbusds.jose.JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String weakJwks() {
        java.security.KeyPair weak = dev.fapikit.it.harness.TestPki.rsa(1024);
        return new com.nimbusds.jose.jwk.JWKSet(new com.nimbusds.jose.jwk.RSAKey.Builder(
                (java.security.interfaces.RSAPublicKey) weak.getPublic()).keyID("weak").keyUse(com.nimbusds.jose.jwk.KeyUse.SIGNATURE)
                .build()).toString();
    }

    private static String b64(String s) {
        return java.util.Base64.getEncoder().encodeToString(s.getBytes());
    }

    private static String enc(String s) {
        return Http.enc(s);
    }

    private static String abbreviate(String body) {
        String oneLine = body == null ? "" : body.replaceAll("\\s+", " ");
        return oneLine.length() > 200 ? oneLine.substring(0, 200) + "…" : oneLine;
    }
}
