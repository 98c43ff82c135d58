package dev.fapikit.it.ciba;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import dev.fapikit.it.KeycloakAnswers;
import dev.fapikit.it.harness.ClientCert;
import dev.fapikit.it.harness.FapiKit;
import dev.fapikit.it.harness.FapiKitServer;
import dev.fapikit.it.harness.Http;
import dev.fapikit.it.harness.Jose;

/**
 * CIBA Core 1.0 §10.3 push mode (issue 5): registration (admin API, realm import, dynamic registration), discovery, the
 * pushed token result, denial and expiry pushed as errors, no token endpoint for push clients, certificate-bound pushed
 * tokens, FAPI-CIBA refusing push, and the safety of the delivery (no retry after 4xx/3xx, bounded retries after 5xx,
 * no internal targets unless allow-listed).
 */
@FapiKitServer
class CibaPushIT {

    /**
     * Longer than every retry of the default delivery schedule (3 attempts, 250 ms then 500 ms backoff:
     * DeliverySettings): a notification not sent again within it is not sent again.
     */
    private static final Duration RETRY_SCHEDULE = Duration.ofMillis(2500);

    private static CibaRealm realm;

    @BeforeAll
    static void realm(FapiKit kit) {
        realm = CibaRealm.create(kit, "ciba-push");
    }

    @AfterEach
    void reset() {
        realm.denyAll("alice");
    }

    @Test
    @DisplayName("discovery lists push among the token delivery modes")
    void discoveryListsPush(FapiKit kit) {
        JsonNode metadata = Http.json(Http.get(kit.http(null), realm.issuer() + "/.well-known/openid-configuration"));
        List<String> modes = new java.util.ArrayList<>();
        metadata.get("backchannel_token_delivery_modes_supported").forEach(m -> modes.add(m.asText()));
        assertThat(modes).containsExactlyInAnyOrder("poll", "ping", "push");
    }

    @Nested
    @DisplayName("Given a push client and an https receiver")
    class Delivery {

        @Test
        @DisplayName("approval pushes a token result that verifies, names the request, hashes both tokens and works at userinfo")
        void approvalPushesTokens(FapiKit kit) throws Exception {
            try (HttpsReceiver receiver = new HttpsReceiver(kit)) {
                String client = pushClient(receiver.url("/cb"), Map.of());
                String authReqId = start(client, "PUSH-OK", "cnt-push-ok");
                approve("PUSH-OK");

                HttpsReceiver.Received pushed = receiver.await(1, 10).get(0);
                assertThat(pushed.path()).isEqualTo("/cb");
                assertThat(pushed.header("Authorization")).isEqualTo("Bearer cnt-push-ok");
                assertThat(pushed.header("Content-Type")).startsWith("application/json");
                JsonNode result = Http.JSON.readTree(pushed.body());
                assertThat(result.get("auth_req_id").asText()).isEqualTo(authReqId);
                assertThat(result.get("token_type").asText()).isEqualToIgnoringCase("Bearer");
                assertThat(result.get("expires_in").asInt()).isPositive();
                String accessToken = result.get("access_token").asText();
                String refreshToken = result.get("refresh_token").asText();

                JWTClaimsSet access = Jose.verify(kit, realm.name, accessToken);
                assertThat(access.getSubject()).isEqualTo(realm.userId("alice"));
                assertThat(access.getStringClaim("azp")).isEqualTo(client);

                String idToken = result.get("id_token").asText();
                JWTClaimsSet id = Jose.verify(kit, realm.name, idToken);
                String alg = SignedJWT.parse(idToken).getHeader().getAlgorithm().getName();
                assertThat(id.getSubject()).isEqualTo(realm.userId("alice"));
                assertThat(id.getAudience()).containsExactly(client);
                assertThat(id.getStringClaim("urn:openid:params:jwt:claim:auth_req_id")).isEqualTo(authReqId);
                assertThat(id.getStringClaim("at_hash")).isEqualTo(oidcHash(alg, accessToken));
                assertThat(id.getStringClaim("urn:openid:params:jwt:claim:rt_hash")).isEqualTo(oidcHash(alg, refreshToken));

                HttpResponse<String> userinfo = Http.get(kit.http(null), realm.oidc() + "/userinfo", "Authorization", "Bearer " + accessToken);
                assertThat(userinfo.statusCode()).as(userinfo.body()).isEqualTo(200);
                assertThat(Http.json(userinfo).get("sub").asText()).isEqualTo(realm.userId("alice"));

                receiver.stillAfter(Duration.ofMillis(500), received -> assertThat(received).as("pushed once").hasSize(1));
            }
        }

        @Test
        @DisplayName("denial is pushed as access_denied")
        void denialPushedAsError(FapiKit kit) throws Exception {
            try (HttpsReceiver receiver = new HttpsReceiver(kit)) {
                String client = pushClient(receiver.url("/cb"), Map.of());
                String authReqId = start(client, "PUSH-NO", "cnt-push-no");
                String app = realm.appToken("alice", true);
                assertThat(realm.appPost(app, "/requests/" + realm.pendingId(app, "PUSH-NO") + "/deny").statusCode()).isEqualTo(200);

                JsonNode pushed = Http.JSON.readTree(receiver.await(1, 10).get(0).body());
                assertThat(pushed.get("auth_req_id").asText()).isEqualTo(authReqId);
                assertThat(pushed.get("error").asText()).isEqualTo("access_denied");
                assertThat(pushed.has("access_token")).isFalse();
            }
        }

        @Test
        @DisplayName("expiry is pushed as expired_token by the server, with no poll, and a late approval changes nothing")
        void expiryPushedWithoutPolling(FapiKit kit) throws Exception {
            try (HttpsReceiver receiver = new HttpsReceiver(kit)) {
                String client = pushClient(receiver.url("/cb"), Map.of());
                String authReqId = start(client, "PUSH-LATE", "cnt-push-late", "requested_expiry", "2");

                JsonNode pushed = Http.JSON.readTree(receiver.await(1, 10).get(0).body());
                assertThat(pushed.get("auth_req_id").asText()).isEqualTo(authReqId);
                assertThat(pushed.get("error").asText()).isEqualTo("expired_token");
                receiver.stillAfter(Duration.ofMillis(500), received -> assertThat(received).hasSize(1));
            }
        }

        @Test
        @DisplayName("a token request by a push client is refused with unauthorized_client")
        void tokenEndpointRefusesPushClient(FapiKit kit) throws Exception {
            try (HttpsReceiver receiver = new HttpsReceiver(kit)) {
                String client = pushClient(receiver.url("/cb"), Map.of());
                String authReqId = start(client, "PUSH-POLL", "cnt-push-poll");
                HttpResponse<String> r = realm.token(client, authReqId);
                assertThat(r.statusCode()).isEqualTo(400);
                assertThat(Http.json(r).get("error").asText()).isEqualTo("unauthorized_client");
                approve("PUSH-POLL");
                assertThat(receiver.await(1, 10)).hasSize(1);
                assertThat(Http.json(realm.token(client, authReqId)).get("error").asText()).isEqualTo("unauthorized_client");
            }
        }

        @Test
        @DisplayName("a push client without client_notification_token is invalid_request, and push answers carry no interval")
        void notificationTokenRequired(FapiKit kit) throws Exception {
            try (HttpsReceiver receiver = new HttpsReceiver(kit)) {
                String client = pushClient(receiver.url("/cb"), Map.of());
                HttpResponse<String> r = realm.backchannel(client, Http.params("scope", "openid", "login_hint", "alice"));
                assertThat(r.statusCode()).isEqualTo(400);
                assertThat(Http.json(r).get("error").asText()).isEqualTo("invalid_request");

                HttpResponse<String> ok = realm.backchannel(client, Http.params("scope", "openid", "login_hint", "alice",
                        "binding_message", "PUSH-INT", "client_notification_token", "cnt-int"));
                assertThat(ok.statusCode()).as(ok.body()).isEqualTo(200);
                assertThat(Http.json(ok).has("interval")).isFalse();
            }
        }
    }

    @Nested
    @DisplayName("Given a push client that uses certificate-bound tokens (RFC 8705)")
    class Bound {

        @Test
        @DisplayName("pushed tokens are bound to the certificate presented at the backchannel request; userinfo needs it")
        void boundToBackchannelCertificate(FapiKit kit) throws Exception {
            ClientCert cert = kit.pki().issueClient("push-bound-" + UUID.randomUUID().toString().substring(0, 6), "CN=push-bound,O=FAPI Kit Dev");
            ClientCert other = kit.pki().issueClient("push-other-" + UUID.randomUUID().toString().substring(0, 6), "CN=push-other,O=FAPI Kit Dev");
            try (HttpsReceiver receiver = new HttpsReceiver(kit)) {
                String client = pushClient(receiver.url("/cb"), Map.of("tls.client.certificate.bound.access.tokens", "true"));

                HttpResponse<String> noCert = realm.backchannel(client, Http.params("scope", "openid", "login_hint", "alice",
                        "binding_message", "PUSH-NOCERT", "client_notification_token", "cnt-b0"));
                assertThat(noCert.statusCode()).isEqualTo(400);
                assertThat(Http.json(noCert).get("error").asText()).isEqualTo("invalid_request");

                HttpResponse<String> started = post(kit.http(cert), realm.oidc() + "/ext/ciba/auth", client, Http.params("scope", "openid",
                        "login_hint", "alice", "binding_message", "PUSH-BOUND", "client_notification_token", "cnt-b1"));
                assertThat(started.statusCode()).as(started.body()).isEqualTo(200);
                approve("PUSH-BOUND");

                String accessToken = Http.JSON.readTree(receiver.await(1, 10).get(0).body()).get("access_token").asText();
                JWTClaimsSet access = Jose.verify(kit, realm.name, accessToken);
                assertThat(access.getJSONObjectClaim("cnf")).containsEntry("x5t#S256", cert.x5tS256());

                assertThat(Http.get(kit.http(cert), realm.oidc() + "/userinfo", "Authorization", "Bearer " + accessToken).statusCode()).isEqualTo(200);
                assertThat(Http.get(kit.http(other), realm.oidc() + "/userinfo", "Authorization", "Bearer " + accessToken).statusCode()).isEqualTo(401);
                assertThat(Http.get(kit.http(null), realm.oidc() + "/userinfo", "Authorization", "Bearer " + accessToken).statusCode()).isEqualTo(401);
            }
        }
    }

    @Nested
    @DisplayName("Given a receiver that does not answer 2xx")
    class Receivers {

        @ParameterizedTest(name = "HTTP {0}: sent once, not retried, a redirect not followed")
        @ValueSource(ints = {400, 401, 403, 302})
        void finalAnswersAreNotRetried(int status, FapiKit kit) throws Exception {
            String body = status == 400 ? "{\"error\":\"invalid_request\"}" : null;
            try (HttpsReceiver receiver = new HttpsReceiver(kit, status, body)) {
                String client = pushClient(receiver.url("/cb"), Map.of());
                start(client, "PUSH-" + status, "cnt-" + status);
                approve("PUSH-" + status);
                receiver.await(1, 10);
                receiver.stillAfter(RETRY_SCHEDULE, received -> assertThat(received).extracting(HttpsReceiver.Received::path).containsExactly("/cb"));
                assertThat(deliveryOutcomes(client)).contains("refused");
            }
        }

        @Test
        @DisplayName("HTTP 503: retried with backoff, three attempts in all, then given up")
        void unavailableIsRetriedBoundedly(FapiKit kit) throws Exception {
            try (HttpsReceiver receiver = new HttpsReceiver(kit, 503)) {
                String client = pushClient(receiver.url("/cb"), Map.of());
                start(client, "PUSH-503", "cnt-503");
                approve("PUSH-503");
                receiver.await(3, 10);
                receiver.stillAfter(RETRY_SCHEDULE, received -> assertThat(received).hasSize(3));
                assertThat(deliveryOutcomes(client)).containsExactlyInAnyOrder("retrying", "retrying", "failed");
            }
        }

        @Test
        @DisplayName("a receiver that takes the tokens but answers after webhook-timeout-ms (5 s) gets them once: no second copy")
        void lateAnswerIsNotSentAgain(FapiKit kit) throws Exception {
            try (HttpsReceiver receiver = HttpsReceiver.answeringAfter(kit, 6500)) {
                String client = pushClient(receiver.url("/cb"), Map.of());
                start(client, "PUSH-LATE", "cnt-late");
                approve("PUSH-LATE");
                receiver.await(1, 10);
                // the outbound timeout (5 s) passes: the attempt is recorded unanswered; then longer than every retry
                await("the unanswered delivery recorded").atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(250))
                        .until(() -> !deliveryOutcomes(client).isEmpty());
                receiver.stillAfter(RETRY_SCHEDULE, received -> assertThat(received).hasSize(1));
                assertThat(deliveryOutcomes(client)).containsExactly("unanswered");
            }
        }

        @ParameterizedTest(name = "ping, HTTP {0}: sent once, not retried, a redirect not followed; the token request still succeeds")
        @ValueSource(ints = {400, 401, 403, 302})
        void pingFinalAnswersAreNotRetried(int status, FapiKit kit) throws Exception {
            String body = status == 400 ? "{\"error\":\"invalid_request\"}" : null;
            try (HttpsReceiver receiver = new HttpsReceiver(kit, status, body)) {
                realm.clientAttributes("pos-ping", Map.of("ciba.backchannel.client.notification.endpoint", receiver.url("/ping")));
                String authReqId = realm.startAs("pos-ping", "login_hint", "alice", "binding_message", "PING-" + status,
                        "client_notification_token", "cnt-ping-" + status);
                approve("PING-" + status);
                receiver.await(1, 10);
                receiver.stillAfter(RETRY_SCHEDULE, received -> assertThat(received).extracting(HttpsReceiver.Received::path).containsExactly("/ping"));
                // CIBA Core §10.2: the notification is only a signal; the tokens wait at the token endpoint
                HttpResponse<String> tokens = realm.token("pos-ping", authReqId);
                assertThat(tokens.statusCode()).as(tokens.body()).isEqualTo(200);
            }
        }

        @Test
        @DisplayName("ping: the notification is sent once, and a 503 is retried the same way")
        void pingOnceAndRetried(FapiKit kit) throws Exception {
            try (HttpsReceiver receiver = new HttpsReceiver(kit)) {
                realm.clientAttributes("pos-ping", Map.of("ciba.backchannel.client.notification.endpoint", receiver.url("/ping")));
                realm.startAs("pos-ping", "login_hint", "alice", "binding_message", "PING-ONCE", "client_notification_token", "cnt-p1");
                approve("PING-ONCE");
                receiver.await(1, 10);
                receiver.stillAfter(Duration.ofMillis(1000), received -> assertThat(received).hasSize(1));
            }
            try (HttpsReceiver receiver = new HttpsReceiver(kit, 503)) {
                realm.clientAttributes("pos-ping", Map.of("ciba.backchannel.client.notification.endpoint", receiver.url("/ping")));
                realm.startAs("pos-ping", "login_hint", "alice", "binding_message", "PING-503", "client_notification_token", "cnt-p2");
                approve("PING-503");
                receiver.await(3, 10);
                receiver.stillAfter(RETRY_SCHEDULE, received -> assertThat(received).hasSize(3));
            }
        }
    }

    @Nested
    @DisplayName("Given a notification endpoint on a loopback or private address")
    class InternalTargets {

        @ParameterizedTest(name = "{0} is refused at registration")
        @ValueSource(strings = {"https://127.0.0.1:9/cb", "https://10.1.2.3/cb", "https://169.254.169.254/latest", "http://localhost:9/cb-plain-http-ok-only-if-allow-listed"})
        void refusedAtRegistration(String endpoint, FapiKit kit) {
            HttpResponse<String> r = kit.admin().post("realms/" + realm.name + "/clients", pushClientRep("push-bad-" + UUID.randomUUID().toString().substring(0, 6), endpoint, Map.of()));
            if (endpoint.startsWith("http://localhost")) {
                // http is accepted only for an allow-listed host, and the test server allow-lists localhost
                assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
                return;
            }
            assertThat(r.statusCode()).as(r.body()).isEqualTo(400);
            assertThat(r.body()).contains("not allow-listed");
        }

        @Test
        @DisplayName("ping endpoints are checked the same way")
        void pingEndpointRefusedAtRegistration(FapiKit kit) {
            String uuid = realm.clientUuid("pos-ping");
            ObjectNode rep = (ObjectNode) kit.admin().get("realms/" + realm.name + "/clients/" + uuid);
            rep.with("attributes").put("ciba.backchannel.client.notification.endpoint", "https://192.168.0.10/ping");
            HttpResponse<String> r = kit.admin().put("realms/" + realm.name + "/clients/" + uuid, rep);
            assertThat(r.statusCode()).as(r.body()).isEqualTo(400);
        }

        @Test
        @DisplayName("an endpoint that slipped past registration (import) is refused at delivery: nothing is sent, and the event says why")
        void refusedAtDelivery(FapiKit kit) throws Exception {
            try (HttpsReceiver receiver = new HttpsReceiver(kit)) {
                String client = "push-imported-" + UUID.randomUUID().toString().substring(0, 6);
                HttpResponse<String> imported = kit.admin().post("realms/" + realm.name + "/partialImport", Map.of(
                        "ifResourceExists", "FAIL", "clients", List.of(pushClientRep(client, receiver.loopbackUrl("/cb"), Map.of()))));
                assertThat(imported.statusCode()).as(imported.body()).isEqualTo(200);

                start(client, "PUSH-LOOP", "cnt-loop");
                approve("PUSH-LOOP");
                await("the refused delivery recorded").atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(250))
                        .until(() -> !deliveryOutcomes(client).isEmpty());
                receiver.stillAfter(RETRY_SCHEDULE, received -> assertThat(received).isEmpty());
                assertThat(deliveryOutcomes(client)).containsExactly("refused");
            }
        }
    }

    @Nested
    @DisplayName("Given other ways to register a push client")
    class Registration {

        @Test
        @DisplayName("dynamic registration accepts backchannel_token_delivery_mode push and echoes it")
        void dynamicRegistration(FapiKit kit) throws Exception {
            try (HttpsReceiver receiver = new HttpsReceiver(kit)) {
                HttpResponse<String> r = register(kit, receiver.url("/dcr"));
                assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
                JsonNode registered = Http.json(r);
                assertThat(registered.get("backchannel_token_delivery_mode").asText()).isEqualTo("push");
                assertThat(registered.get("backchannel_client_notification_endpoint").asText()).isEqualTo(receiver.url("/dcr"));
            }
        }

        @Test
        @DisplayName("a realm import with a push client keeps it in push mode, and it works")
        void realmImport(FapiKit kit) throws Exception {
            try (HttpsReceiver receiver = new HttpsReceiver(kit)) {
                ObjectNode rep = (ObjectNode) CibaRealm.resource("ciba/ciba-device-realm.json");
                String name = "ciba-push-import-" + UUID.randomUUID().toString().substring(0, 6);
                rep.put("realm", name);
                rep.withArray("clients").add(Http.JSON.valueToTree(pushClientRep("till-push", receiver.url("/imported"), Map.of())));
                assertThat(kit.admin().post("realms", rep).statusCode()).isEqualTo(201);
                JsonNode client = kit.admin().get("realms/" + name + "/clients?clientId=till-push").get(0);
                assertThat(client.get("attributes").get("ciba.backchannel.token.delivery.mode").asText()).isEqualTo("push");
            }
        }
    }

    @Nested
    @DisplayName("Given a realm whose client profile is FAPI-CIBA (with fapi-kit-ciba-no-push)")
    class FapiCiba {

        @Test
        @DisplayName("a push client is refused at registration (admin API and dynamic registration) and its requests are refused")
        void pushRefused(FapiKit kit) throws Exception {
            CibaRealm fapi = CibaRealm.create(kit, "ciba-push-fapi");
            try (HttpsReceiver receiver = new HttpsReceiver(kit)) {
                // created before the policy, as a client that predates it
                String existing = "push-old-" + UUID.randomUUID().toString().substring(0, 6);
                assertThat(kit.admin().post("realms/" + fapi.name + "/clients", pushClientRep(existing, receiver.url("/old"), Map.of())).statusCode()).isEqualTo(201);

                assertThat(kit.admin().put("realms/" + fapi.name + "/client-policies/profiles", Map.of("profiles", List.of(Map.of(
                        "name", "fapi-ciba-no-push", "executors", List.of(Map.of("executor", "fapi-kit-ciba-no-push", "configuration", Map.of())))))).statusCode()).isEqualTo(204);
                assertThat(kit.admin().put("realms/" + fapi.name + "/client-policies/policies", Map.of("policies", List.of(Map.of(
                        "name", "fapi-ciba-no-push", "enabled", true, "conditions", List.of(Map.of("condition", "any-client", "configuration", Map.of())),
                        "profiles", List.of("fapi-ciba-no-push"))))).statusCode()).isEqualTo(204);

                HttpResponse<String> admin = kit.admin().post("realms/" + fapi.name + "/clients", pushClientRep("push-new", receiver.url("/new"), Map.of()));
                assertThat(admin.statusCode()).as(admin.body()).isEqualTo(400);
                assertThat(admin.body()).contains("FAPI-CIBA").contains("push");

                HttpResponse<String> dcr = register(kit, fapi, receiver.url("/dcr"));
                // RFC 7591 §3.2.2: a policy refusal is 400 invalid_client_metadata (Keycloak alone would answer 403)
                assertThat(dcr.statusCode()).as(dcr.body()).isEqualTo(400);
                assertThat(dcr.body()).contains("invalid_client_metadata").contains("FAPI-CIBA");

                HttpResponse<String> request = fapi.backchannel(existing, Http.params("scope", "openid", "login_hint", "alice",
                        "binding_message", "FAPI-PUSH", "client_notification_token", "cnt-fapi"));
                assertThat(request.statusCode()).as(request.body()).isEqualTo(400);
                assertThat(Http.json(request).get("error").asText()).isEqualTo("unauthorized_client");
                assertThat(Http.json(request).get("error_description").asText()).contains("FAPI-CIBA");
            }
        }
    }

    // --- helpers

    private static String pushClient(String endpoint, Map<String, String> attributes) {
        String clientId = "push-" + UUID.randomUUID().toString().substring(0, 8);
        HttpResponse<String> r = realm.kit.admin().post("realms/" + realm.name + "/clients", pushClientRep(clientId, endpoint, attributes));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        return clientId;
    }

    private static Map<String, Object> pushClientRep(String clientId, String endpoint, Map<String, String> extra) {
        Map<String, String> attributes = new LinkedHashMap<>(Map.of("oidc.ciba.grant.enabled", "true",
                "ciba.backchannel.token.delivery.mode", "push", "ciba.backchannel.client.notification.endpoint", endpoint));
        attributes.putAll(extra);
        return Map.of("clientId", clientId, "name", "Push " + clientId, "secret", clientId + "-secret", "publicClient", false,
                "standardFlowEnabled", false, "directAccessGrantsEnabled", false, "attributes", attributes);
    }

    private static String start(String client, String bindingMessage, String notificationToken, String... more) {
        String[] params = new String[8 + more.length];
        System.arraycopy(new String[] {"login_hint", "alice", "binding_message", bindingMessage, "client_notification_token", notificationToken}, 0, params, 0, 6);
        params[6] = "scope";
        params[7] = "openid";
        System.arraycopy(more, 0, params, 8, more.length);
        return realm.startAs(client, params);
    }

    private static void approve(String bindingMessage) {
        String app = realm.appToken("alice", true);
        HttpResponse<String> r = realm.appPost(app, "/requests/" + realm.pendingId(app, bindingMessage) + "/approve");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    }

    /** The delivery outcomes recorded as events for the client, oldest first. */
    private static List<String> deliveryOutcomes(String clientId) {
        JsonNode events = realm.kit.admin().get("realms/" + realm.name + "/events?client=" + clientId + "&max=50");
        List<String> outcomes = new java.util.ArrayList<>();
        for (JsonNode e : events) {
            JsonNode outcome = e.path("details").path("fapi_kit_ciba_delivery");
            if (!outcome.isMissingNode()) outcomes.add(0, outcome.asText());
        }
        return outcomes;
    }

    private static HttpResponse<String> register(FapiKit kit, String endpoint) {
        return register(kit, realm, endpoint);
    }

    private static HttpResponse<String> register(FapiKit kit, CibaRealm target, String endpoint) {
        HttpResponse<String> iat = kit.admin().post("realms/" + target.name + "/clients-initial-access", Map.of("count", 1, "expiration", 300));
        assertThat(iat.statusCode()).as(iat.body()).isEqualTo(KeycloakAnswers.initialAccessCreated()); // 201 from Keycloak 26.7, 200 before
        String token = Http.json(iat).get("token").asText();
        String body = Http.JSON.valueToTree(Map.of("client_name", "DCR push", "grant_types", List.of(CibaRealm.CIBA_GRANT),
                "token_endpoint_auth_method", "client_secret_basic", "backchannel_token_delivery_mode", "push",
                "backchannel_client_notification_endpoint", endpoint)).toString();
        return Http.send(kit.http(null), HttpRequest.newBuilder(URI.create(target.issuer() + "/clients-registrations/openid-connect"))
                .header("Content-Type", "application/json").header("Authorization", "Bearer " + token)
                .POST(HttpRequest.BodyPublishers.ofString(body)).build());
    }

    private static HttpResponse<String> post(HttpClient http, String url, String clientId, Map<String, String> params) {
        String basic = Base64.getEncoder().encodeToString((clientId + ":" + clientId + "-secret").getBytes(StandardCharsets.UTF_8));
        return Http.send(http, HttpRequest.newBuilder(URI.create(url))
                .header("Content-Type", "application/x-www-form-urlencoded").header("Authorization", "Basic " + basic)
                .POST(HttpRequest.BodyPublishers.ofString(Http.form(params))).build());
    }

    // OIDC Core §3.1.3.6: base64url of the left half of the hash the JWS algorithm uses.
    private static String oidcHash(String alg, String token) throws Exception {
        byte[] hash = MessageDigest.getInstance("SHA-" + alg.substring(2)).digest(token.getBytes(StandardCharsets.US_ASCII));
        return Base64.getUrlEncoder().withoutPadding().encodeToString(Arrays.copyOf(hash, hash.length / 2));
    }
}
