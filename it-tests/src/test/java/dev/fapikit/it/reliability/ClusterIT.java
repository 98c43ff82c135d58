package dev.fapikit.it.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import dev.fapikit.it.Polling;
import dev.fapikit.it.harness.ClientCert;
import dev.fapikit.it.harness.HarnessSettings;
import dev.fapikit.it.harness.Http;
import dev.fapikit.it.harness.Jose;
import dev.fapikit.it.harness.KeycloakServer;
import dev.fapikit.it.harness.TestPki;
import dev.fapikit.it.harness.cluster.ClusterNodes;

/**
 * Two Keycloak nodes with FAPI Kit, clustered (embedded Infinispan over loopback JGroups, one PostgreSQL database of
 * their own, one public hostname): a CIBA request accepted by node A is listed and approved through node B's
 * authenticator-app API and polled from A; a request-object or client-assertion {@code jti} used at A is a replay at B;
 * requests pending while node A restarts are still there and complete afterwards, once. Starts its own nodes (not the shared server).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@DisplayName("Two clustered nodes behave as one server")
class ClusterIT {

    private static final String REDIRECT = "https://client.example.org/cb";

    static ClusterNodes cluster;
    static Node a;
    static Node b;
    static String realm;
    static ClientCert jarKey;

    /** One node as clients see it: its own address, the cluster's issuer. */
    record Node(KeycloakServer server, HttpClient http, String issuerBase) {
        String url(String path) {
            return server.baseUrl() + path;
        }

        String oidc() {
            return url("/realms/" + realm + "/protocol/openid-connect");
        }

        String issuer() {
            return issuerBase + "/realms/" + realm;
        }

        HttpResponse<String> form(String path, String clientId, Map<String, String> params) {
            HttpRequest.Builder r = HttpRequest.newBuilder(URI.create(path)).header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString(Http.form(params)));
            if (clientId != null) {
                r.header("Authorization", "Basic " + Base64.getEncoder().encodeToString((clientId + ":" + clientId + "-secret").getBytes()));
            }
            return Http.send(http, r.build());
        }

        String adminToken() {
            HttpResponse<String> r = form(url("/realms/master/protocol/openid-connect/token"), null, Http.params("grant_type", "password",
                    "client_id", "admin-cli", "username", KeycloakServer.ADMIN_USER, "password", KeycloakServer.ADMIN_PASSWORD));
            assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
            return Http.json(r).get("access_token").asText();
        }

        HttpResponse<String> admin(String method, String path, Object body) {
            try {
                String json = body == null ? null : body instanceof String s ? s : Http.JSON.writeValueAsString(body);
                HttpRequest.Builder r = HttpRequest.newBuilder(URI.create(url("/admin/" + path))).header("Authorization", "Bearer " + adminToken())
                        .method(method, json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json));
                if (json != null) r.header("Content-Type", "application/json");
                return Http.send(http, r.build());
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                throw new IllegalArgumentException(e);
            }
        }

        String appToken(String user) {
            HttpResponse<String> r = form(oidc() + "/token", null, Http.params("grant_type", "password", "client_id", "authenticator-app",
                    "username", user, "password", user + "-pw", "scope", "openid fapi-kit-ciba-approver"));
            assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
            return Http.json(r).get("access_token").asText();
        }

        HttpResponse<String> app(String method, String token, String path) {
            return Http.send(http, HttpRequest.newBuilder(URI.create(url("/realms/" + realm + "/fapi-kit-ciba/app" + path)))
                    .header("Authorization", "Bearer " + token).method(method, HttpRequest.BodyPublishers.noBody()).build());
        }

        String pendingId(String user, String bindingMessage) {
            HttpResponse<String> r = app("GET", appToken(user), "/requests");
            assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
            for (JsonNode req : Http.json(r).get("requests")) {
                if (bindingMessage.equals(req.path("binding_message").asText())) return req.get("id").asText();
            }
            throw new AssertionError("no pending request '" + bindingMessage + "' on " + server.baseUrl() + ": " + r.body());
        }

        String startCiba(String bindingMessage) {
            HttpResponse<String> r = form(oidc() + "/ext/ciba/auth", "speaker",
                    Http.params("scope", "openid", "login_hint", "alice", "binding_message", bindingMessage));
            assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
            return Http.json(r).get("auth_req_id").asText();
        }

        HttpResponse<String> poll(String authReqId) {
            return form(oidc() + "/token", "speaker", Http.params("grant_type", HostileRealm.CIBA_GRANT, "auth_req_id", authReqId));
        }
    }

    @BeforeAll
    static void startCluster() {
        HarnessSettings settings = HarnessSettings.load();
        Path work = Path.of(System.getProperty("fapikit.work.dir", "target/fapi-kit-it")).toAbsolutePath();
        TestPki pki = TestPki.loadOrCreate(work.resolve("pki"));
        Path sharedHome = work.resolve("node-1/keycloak-" + settings.keycloakVersion());
        cluster = ClusterNodes.create(settings, pki, work.resolve("cluster"), ClusterNodes.databaseName(work), 2, sharedHome, List.of());
        cluster.startAll();
        a = new Node(cluster.node(0), http(pki), cluster.publicBaseUrl());
        b = new Node(cluster.node(1), http(pki), cluster.publicBaseUrl());

        realm = "cluster-" + UUID.randomUUID().toString().substring(0, 8);
        ObjectNode rep = (ObjectNode) HostileRealm.resource("reliability/hostile-realm.json");
        rep.put("realm", realm);
        HttpResponse<String> created = a.admin("POST", "realms", rep);
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        HttpResponse<String> scope = a.admin("POST", "realms/" + realm + "/client-scopes", Map.of("name", "fapi-kit-ciba-approver",
                "protocol", "openid-connect", "attributes", Map.of("include.in.token.scope", "true", "display.on.consent.screen", "false")));
        assertThat(scope.statusCode()).as(scope.body()).isEqualTo(201);
        String scopeId = scope.headers().firstValue("Location").orElseThrow().replaceAll(".*/", "");
        String appId = Http.json(a.admin("GET", "realms/" + realm + "/clients?clientId=authenticator-app", null)).get(0).get("id").asText();
        assertThat(a.admin("PUT", "realms/" + realm + "/clients/" + appId + "/optional-client-scopes/" + scopeId, null).statusCode()).isEqualTo(204);

        // request-object replay for every client of the realm, and a client that signs request objects (PS256)
        jarKey = pki.issueClient("cluster-jar", "CN=cluster-jar");
        assertThat(a.admin("PUT", "realms/" + realm + "/client-policies/profiles", Map.of("profiles", List.of(Map.of("name", "replay",
                "executors", List.of(Map.of("executor", "fapi-kit-request-object-replay", "configuration", Map.of())))))).statusCode())
                .isEqualTo(204);
        assertThat(a.admin("PUT", "realms/" + realm + "/client-policies/policies", Map.of("policies", List.of(Map.of("name", "replay",
                "enabled", true, "conditions", List.of(Map.of("condition", "any-client", "configuration", Map.of())),
                "profiles", List.of("replay"))))).statusCode()).isEqualTo(204);
        HttpResponse<String> client = a.admin("POST", "realms/" + realm + "/clients", Map.of("clientId", "jar", "clientAuthenticatorType",
                "client-jwt", "standardFlowEnabled", true, "serviceAccountsEnabled", true, "redirectUris", List.of(REDIRECT), "attributes", Map.of(
                        "jwt.credential.certificate", jarKey.certificateBase64(), "request.object.signature.alg", "PS256")));
        assertThat(client.statusCode()).as(client.body()).isEqualTo(201);
    }

    @AfterAll
    static void stopCluster() {
        if (cluster != null) cluster.close();
    }

    @Test
    @Order(1)
    @DisplayName("CIBA: accepted by A, pending at B, listed and approved through B's app API, tokens polled from A")
    void cibaAcrossNodes() {
        int flows = 3;
        for (int i = 0; i < flows; i++) {
            String message = "CLUSTER-" + i;
            String authReqId = a.startCiba(message);
            assertThat(Http.json(b.poll(authReqId)).path("error").asText()).isEqualTo("authorization_pending");
            String token = b.appToken("alice");
            HttpResponse<String> approved = b.app("POST", token, "/requests/" + b.pendingId("alice", message) + "/approve");
            assertThat(approved.statusCode()).as(approved.body()).isEqualTo(200);
            // the decision is single-use on every node: alice's own, decided request is 409 already_decided at A too
            HttpResponse<String> again = a.app("POST", a.appToken("alice"), "/requests/" + Http.json(approved).get("id").asText() + "/approve");
            assertThat(again.statusCode()).as(again.body()).isEqualTo(409);
            assertThat(Http.json(again).get("error").asText()).isEqualTo("already_decided");
            HttpResponse<String> tokens = pollUntilDone(a, authReqId);
            assertThat(tokens.statusCode()).as(tokens.body()).isEqualTo(200);
            // issued by A, verified against the keys B publishes: one realm, one key set
            JWTClaimsSet access = verifiedAt(b, Http.json(tokens).get("access_token").asText());
            assertThat(access.getSubject()).isEqualTo(userId("alice"));
            assertThat(access.getIssuer()).isEqualTo(a.issuer());
            // redeemed once: the same auth_req_id on the other node is no longer good
            assertThat(b.poll(authReqId).statusCode()).isEqualTo(400);
        }
        System.out.println("[cluster] " + flows + " CIBA flows accepted on A, approved on B, tokens on A; each redeemed once");
    }

    @Test
    @Order(2)
    @DisplayName("request-object jti: accepted at A's authorization endpoint, the same request object at B is a replay")
    void requestObjectReplayCaughtAcrossNodes() {
        int replays = 3;
        for (int i = 0; i < replays; i++) {
            String query = "client_id=jar&response_type=code&scope=openid&redirect_uri=" + Http.enc(REDIRECT)
                    + "&request=" + Http.enc(requestObject(Jose.randomId()));
            HttpResponse<String> first = Http.get(a.http(), a.oidc() + "/auth?" + query);
            assertThat(first.statusCode()).as(first.body()).isEqualTo(200);
            HttpResponse<String> replay = Http.get(b.http(), b.oidc() + "/auth?" + query);
            assertThat(replay.statusCode()).as(replay.body()).isEqualTo(302);
            assertThat(Http.urlParams(replay.headers().firstValue("Location").orElseThrow())).containsEntry("error", "invalid_request_object");
        }
        System.out.println("[cluster] " + replays + " request objects used at A and replayed at B: " + replays + " replays refused");
    }

    @Test
    @Order(3)
    @DisplayName("client assertion jti: accepted at A's token endpoint, the same assertion at B is refused")
    void clientAssertionReplayCaughtAcrossNodes() {
        int replays = 3;
        for (int i = 0; i < replays; i++) {
            Map<String, String> form = Http.params("grant_type", "client_credentials", "client_assertion_type", Jose.CLIENT_ASSERTION_TYPE,
                    "client_assertion", Jose.clientAssertion(jarKey, "jar", a.issuer()));
            HttpResponse<String> first = a.form(a.oidc() + "/token", null, form);
            assertThat(first.statusCode()).as(first.body()).isEqualTo(200);
            HttpResponse<String> replay = b.form(b.oidc() + "/token", null, form);
            // the jti was used at A (the single-use store is the cluster's): "Token reuse detected", 400
            assertThat(replay.statusCode()).as(replay.body()).isEqualTo(400);
            assertThat(Http.json(replay).get("error").asText()).isEqualTo("invalid_client");
        }
        System.out.println("[cluster] " + replays + " client assertions used at A and replayed at B: " + replays + " replays refused");
    }

    @Test
    @Order(4)
    @DisplayName("restart: requests pending while A stops are served by B, and complete through A after it is back")
    void pendingRequestsSurviveARestartOfA() {
        String servedByB = a.startCiba("RESTART-B");
        String afterRestart = a.startCiba("RESTART-A");
        a.server().stop();

        // B alone: both requests still listed, one approved there and redeemed there
        String bToken = b.appToken("alice");
        assertThat(b.app("POST", bToken, "/requests/" + b.pendingId("alice", "RESTART-B") + "/approve").statusCode()).isEqualTo(200);
        assertThat(pollUntilDone(b, servedByB).statusCode()).isEqualTo(200);
        String stillPending = b.pendingId("alice", "RESTART-A");

        a.server().start();
        assertThat(a.pendingId("alice", "RESTART-A")).isEqualTo(stillPending);
        assertThat(a.app("POST", a.appToken("alice"), "/requests/" + stillPending + "/approve").statusCode()).isEqualTo(200);
        HttpResponse<String> tokens = pollUntilDone(a, afterRestart);
        assertThat(tokens.statusCode()).as(tokens.body()).isEqualTo(200);
        // delivered once: neither node hands out tokens for it again
        assertThat(a.poll(afterRestart).statusCode()).isEqualTo(400);
        assertThat(b.poll(afterRestart).statusCode()).isEqualTo(400);
        System.out.println("[cluster] 2 requests pending across a restart of A: 2 completed, 0 lost, 0 delivered twice");
    }

    /**
     * Polls until the answer is no longer authorization_pending or slow_down (CIBA Core §11), for at most 30 s; returns
     * that answer (the last one at the deadline). Asked every 250 ms: a poll within the realm's 1 s interval is only
     * answered slow_down, and a decided request is answered at once.
     */
    private static HttpResponse<String> pollUntilDone(Node node, String authReqId) {
        return Polling.until(Duration.ofSeconds(30), Duration.ofMillis(250), () -> node.poll(authReqId), r -> {
            String error = r.statusCode() == 200 ? null : Http.json(r).path("error").asText();
            return r.statusCode() == 200 || !List.of("authorization_pending", "slow_down").contains(error);
        });
    }

    private static String requestObject(String jti) {
        Instant now = Instant.now();
        return Jose.sign(jarKey, JWSAlgorithm.PS256, new JWTClaimsSet.Builder().issuer("jar").audience(a.issuer())
                .claim("client_id", "jar").claim("response_type", "code").claim("redirect_uri", REDIRECT).claim("scope", "openid")
                .claim("state", "s-" + jti).claim("nonce", "n-" + jti).jwtID(jti).issueTime(Date.from(now))
                .notBeforeTime(Date.from(now)).expirationTime(Date.from(now.plusSeconds(300))).build());
    }

    private static String userId(String username) {
        return Http.json(a.admin("GET", "realms/" + realm + "/users?exact=true&username=" + username, null)).get(0).get("id").asText();
    }

    private static JWTClaimsSet verifiedAt(Node node, String jws) {
        try {
            com.nimbusds.jose.jwk.JWKSet jwks = com.nimbusds.jose.jwk.JWKSet.parse(Http.get(node.http(), node.oidc() + "/certs").body());
            SignedJWT jwt = SignedJWT.parse(jws);
            com.nimbusds.jose.jwk.JWK key = jwks.getKeyByKeyId(jwt.getHeader().getKeyID());
            assertThat(key).as("key %s published by %s", jwt.getHeader().getKeyID(), node.server().baseUrl()).isNotNull();
            assertThat(jwt.verify(new com.nimbusds.jose.crypto.factories.DefaultJWSVerifierFactory()
                    .createJWSVerifier(jwt.getHeader(), key.toRSAKey().toPublicKey()))).isTrue();
            return jwt.getJWTClaimsSet();
        } catch (java.text.ParseException | com.nimbusds.jose.JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    private static HttpClient http(TestPki pki) {
        return HttpClient.newBuilder().sslContext(pki.sslContext(null)).followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(Duration.ofSeconds(10)).build();
    }
}
