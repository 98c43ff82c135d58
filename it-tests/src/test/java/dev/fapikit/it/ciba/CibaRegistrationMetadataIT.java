package dev.fapikit.it.ciba;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jwt.JWTClaimsSet;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import dev.fapikit.it.KeycloakAnswers;
import dev.fapikit.it.harness.Browser;
import dev.fapikit.it.harness.ClientCert;
import dev.fapikit.it.harness.FapiKit;
import dev.fapikit.it.harness.FapiKitServer;
import dev.fapikit.it.harness.Http;
import dev.fapikit.it.harness.Jose;

/**
 * Issue 17: CIBA Core 1.0 §4 client metadata in dynamic client registration (RFC 7591 / 7592). Keycloak's registration
 * knows backchannel_token_delivery_mode, backchannel_client_notification_endpoint and
 * backchannel_authentication_request_signing_alg; FAPI Kit adds backchannel_user_code_parameter, stored as the switch
 * the backchannel endpoint reads, echoed in the registration response and the client read, and enforced (§7.1).
 *
 * <p>Echo rule (RFC 7591 §3.2.1, "all registered metadata about the client, including any fields provisioned by the
 * authorization server itself"): a CIBA client registered without the field is echoed {@code false}, the default
 * CIBA §4 makes the server apply.
 */
@FapiKitServer
class CibaRegistrationMetadataIT {

    private static final String ACTION = "fapi-kit-ciba-set-user-code";
    private static final String FIELD = "backchannel_user_code_parameter";
    private static final String ALICE_CODE = "4711 blue";

    private static CibaRealm realm;

    @BeforeAll
    static void setUp(FapiKit kit) {
        realm = CibaRealm.create(kit, "ciba-dcr-metadata");
        HttpResponse<String> registered = kit.admin().post("realms/" + realm.name + "/authentication/register-required-action",
                Map.of("providerId", ACTION, "name", "Set CIBA user code"));
        assertThat(registered.statusCode()).as(registered.body()).isEqualTo(204); // a void admin resource: 204 No Content
        setCode(kit, "alice", ALICE_CODE);
    }

    // As in CibaUserCodeIT: the user chooses the code in the required action on the approval page.
    private static void setCode(FapiKit kit, String user, String code) {
        String id = realm.userId(user);
        ObjectNode rep = (ObjectNode) kit.admin().get("realms/" + realm.name + "/users/" + id);
        rep.putArray("requiredActions").add(ACTION);
        assertThat(kit.admin().put("realms/" + realm.name + "/users/" + id, rep).statusCode()).isEqualTo(204);
        Browser browser = kit.browser();
        browser.open(realm.approvalPage(), kit.baseUrl());
        browser.submit("login-actions/authenticate", Map.of("username", user, "password", user + "-pw"), kit.baseUrl());
        browser.submit("required-action", Map.of("user-code", code, "user-code-confirm", code), kit.baseUrl());
        assertThat(browser.last().uri().toString()).isEqualTo(realm.approvalPage());
    }

    @AfterEach
    void freeSlots() {
        realm.denyAll("alice");
    }

    @Test
    @DisplayName("discovery advertises backchannel_user_code_parameter_supported: true")
    void discovery(FapiKit kit) {
        JsonNode d = Http.json(Http.get(kit.http(null), realm.issuer() + "/.well-known/openid-configuration"));
        assertThat(d.get("backchannel_user_code_parameter_supported").isBoolean()).as(d.toString()).isTrue();
        assertThat(d.get("backchannel_user_code_parameter_supported").asBoolean()).isTrue();
    }

    @Test
    @DisplayName("registered with true: echoed true at registration and read; no user_code is missing_user_code, the user's code is accepted")
    void registeredTrue(FapiKit kit) {
        Client client = register(kit, Map.of(FIELD, true));
        assertThat(client.body.get(FIELD).isBoolean()).as(client.body.toString()).isTrue();
        assertThat(client.body.get(FIELD).asBoolean()).isTrue();
        assertThat(read(kit, client).get(FIELD).asBoolean()).isTrue();

        assertError(backchannel(kit, client, Http.params("scope", "openid", "login_hint", "alice")), "missing_user_code");
        HttpResponse<String> accepted = backchannel(kit, client, Http.params("scope", "openid", "login_hint", "alice", "user_code", ALICE_CODE));
        assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(200);
        assertThat(Http.json(accepted).get("auth_req_id").asText()).isNotEmpty();
    }

    @Test
    @DisplayName("registered with false: echoed false at registration and read; user_code is refused as for any client not registered for it")
    void registeredFalse(FapiKit kit) {
        Client client = register(kit, Map.of(FIELD, false));
        assertThat(client.body.get(FIELD).isBoolean()).as(client.body.toString()).isTrue();
        assertThat(client.body.get(FIELD).asBoolean()).isFalse();
        assertThat(read(kit, client).get(FIELD).asBoolean()).isFalse();
        assertNotRegisteredForUserCode(kit, client);
    }

    @Test
    @DisplayName("registered without the field: echoed false (the CIBA §4 default the server applies, RFC 7591 §3.2.1); user_code is refused")
    void registeredWithout(FapiKit kit) {
        Client client = register(kit, Map.of());
        assertThat(client.body.get(FIELD)).as(client.body.toString()).isNotNull();
        assertThat(client.body.get(FIELD).isBoolean()).isTrue();
        assertThat(client.body.get(FIELD).asBoolean()).isFalse();
        assertThat(read(kit, client).get(FIELD).asBoolean()).isFalse();
        assertNotRegisteredForUserCode(kit, client);
    }

    @ParameterizedTest(name = "{0} is invalid_client_metadata")
    @ValueSource(strings = {"\"yes\"", "\"true\"", "1", "[true]", "{\"value\":true}"})
    @DisplayName("a value that is not a JSON boolean is refused with invalid_client_metadata and a description")
    void notBoolean(String json, FapiKit kit) throws Exception {
        HttpResponse<String> r = registerRaw(kit, Map.of(FIELD, Http.JSON.readTree(json)));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(400);
        JsonNode error = Http.json(r);
        assertThat(error.get("error").asText()).isEqualTo("invalid_client_metadata");
        assertThat(error.get("error_description").asText()).isEqualTo(FIELD + " must be a JSON boolean (true or false)");
    }

    @Test
    @DisplayName("an update (RFC 7592 §2.2) toggles it: false → true enforces user_code, omitted → false again; a non-boolean update is refused and changes nothing")
    void updateToggles(FapiKit kit) {
        Client client = register(kit, Map.of(FIELD, false));
        assertNotRegisteredForUserCode(kit, client);

        HttpResponse<String> bad = update(kit, client, Map.of(FIELD, "yes"));
        assertThat(bad.statusCode()).as(bad.body()).isEqualTo(400);
        assertThat(Http.json(bad).get("error").asText()).isEqualTo("invalid_client_metadata");
        assertThat(read(kit, client).get(FIELD).asBoolean()).isFalse();

        client = updated(kit, client, Map.of(FIELD, true));
        assertThat(client.body.get(FIELD).asBoolean()).as(client.body.toString()).isTrue();
        assertThat(read(kit, client).get(FIELD).asBoolean()).isTrue();
        assertError(backchannel(kit, client, Http.params("scope", "openid", "login_hint", "alice")), "missing_user_code");
        HttpResponse<String> accepted = backchannel(kit, client, Http.params("scope", "openid", "login_hint", "alice", "user_code", ALICE_CODE));
        assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(200);

        client = updated(kit, client, Map.of());
        assertThat(client.body.get(FIELD).asBoolean()).as(client.body.toString()).isFalse();
        assertThat(read(kit, client).get(FIELD).asBoolean()).isFalse();
        realm.denyAll("alice");
        assertNotRegisteredForUserCode(kit, client);
    }

    @Test
    @DisplayName("the other CIBA §4 fields (ping mode, notification endpoint, signing algorithm) are stored, echoed at registration and read, and enforced")
    void otherCibaFields(FapiKit kit) throws Exception {
        try (HttpsReceiver receiver = new HttpsReceiver(kit)) {
            Map<String, Object> ciba = Map.of("backchannel_token_delivery_mode", "ping",
                    "backchannel_client_notification_endpoint", receiver.url("/ping"),
                    "backchannel_authentication_request_signing_alg", "PS256", FIELD, true);
            Client client = register(kit, ciba);
            for (JsonNode echoed : List.of(client.body, read(kit, client))) {
                assertThat(echoed.get("backchannel_token_delivery_mode").asText()).as(echoed.toString()).isEqualTo("ping");
                assertThat(echoed.get("backchannel_client_notification_endpoint").asText()).isEqualTo(receiver.url("/ping"));
                assertThat(echoed.get("backchannel_authentication_request_signing_alg").asText()).isEqualTo("PS256");
                assertThat(echoed.get(FIELD).asBoolean()).isTrue();
            }
            JsonNode stored = kit.admin().get("realms/" + realm.name + "/clients?clientId=" + client.clientId).get(0).get("attributes");
            assertThat(stored.get("ciba.backchannel.token.delivery.mode").asText()).isEqualTo("ping");
            assertThat(stored.get("ciba.backchannel.client.notification.endpoint").asText()).isEqualTo(receiver.url("/ping"));
            assertThat(stored.get("ciba.backchannel.auth.request.signing.alg").asText()).isEqualTo("PS256");
            assertThat(stored.get("fapi-kit-ciba-user-code").asText()).isEqualTo("true");
            // CIBA Core §7.1: a ping client must send client_notification_token
            HttpResponse<String> noToken = backchannel(kit, client, Http.params("scope", "openid", "login_hint", "alice", "user_code", ALICE_CODE));
            assertError(noToken, "invalid_request");
        }
    }

    @Test
    @DisplayName("backchannel_authentication_request_signing_alg registered by DCR: a request signed with it is accepted, one signed with another algorithm is invalid_request")
    void signingAlgorithmEnforced(FapiKit kit) throws Exception {
        ClientCert key = kit.pki().loadOrIssueClient("ciba-dcr-metadata", "CN=ciba-dcr-metadata,O=FAPI Kit Dev");
        // Keycloak loads only JWKs with "use": "sig" for verification (RFC 7517 §4.2 makes "use" optional)
        JsonNode jwks = Http.JSON.readTree(key.publicJwks());
        ((ObjectNode) jwks.get("keys").get(0)).put("use", "sig");
        Client client = register(kit, Map.of("backchannel_authentication_request_signing_alg", "PS256", "jwks", jwks, FIELD, true));
        assertThat(client.body.get("backchannel_authentication_request_signing_alg").asText()).isEqualTo("PS256");
        assertThat(read(kit, client).get("backchannel_authentication_request_signing_alg").asText()).isEqualTo("PS256");

        HttpResponse<String> otherAlg = backchannel(kit, client, Map.of("request", signedRequest(key, JWSAlgorithm.PS512, client.clientId)));
        assertError(otherAlg, "invalid_request");
        assertThat(Http.json(otherAlg).get("error_description").asText())
                .isEqualTo("Client requested algorithm not registered in advance or request signed with different algorithm other than client requested algorithm");
        HttpResponse<String> registeredAlg = backchannel(kit, client, Map.of("request", signedRequest(key, JWSAlgorithm.PS256, client.clientId)));
        assertThat(registeredAlg.statusCode()).as(registeredAlg.body()).isEqualTo(200);
    }

    // CIBA Core §7.1.1 signed authentication request; user_code inside the request object (the client registered true).
    private static String signedRequest(ClientCert key, JWSAlgorithm alg, String clientId) {
        Instant now = Instant.now();
        return Jose.sign(key, alg, new JWTClaimsSet.Builder().issuer(clientId).audience(realm.issuer())
                .issueTime(Date.from(now)).notBeforeTime(Date.from(now)).expirationTime(Date.from(now.plusSeconds(300)))
                .jwtID(Jose.randomId()).claim("scope", "openid").claim("login_hint", "alice").claim("user_code", ALICE_CODE).build());
    }

    // ---- helpers

    private record Client(String clientId, String secret, String uri, String accessToken, JsonNode body, Map<String, Object> metadata) {
    }

    private static void assertNotRegisteredForUserCode(FapiKit kit, Client client) {
        HttpResponse<String> refused = backchannel(kit, client, Http.params("scope", "openid", "login_hint", "alice", "user_code", ALICE_CODE));
        assertError(refused, "invalid_request");
        assertThat(Http.json(refused).get("error_description").asText()).isEqualTo("This client is not registered to send user_code");
        HttpResponse<String> accepted = backchannel(kit, client, Http.params("scope", "openid", "login_hint", "alice"));
        assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(200);
    }

    private static Map<String, Object> metadata(Map<String, ?> extra) {
        Map<String, Object> metadata = new LinkedHashMap<>(Map.of("client_name", "DCR CIBA user code", "grant_types", List.of(CibaRealm.CIBA_GRANT),
                "token_endpoint_auth_method", "client_secret_basic", "backchannel_token_delivery_mode", "poll"));
        metadata.putAll(extra);
        return metadata;
    }

    private static HttpResponse<String> registerRaw(FapiKit kit, Map<String, ?> extra) {
        HttpResponse<String> iat = kit.admin().post("realms/" + realm.name + "/clients-initial-access", Map.of("count", 1, "expiration", 300));
        assertThat(iat.statusCode()).as(iat.body()).isEqualTo(KeycloakAnswers.initialAccessCreated()); // 201 from Keycloak 26.7, 200 before
        String token = Http.json(iat).get("token").asText();
        return Http.send(kit.http(null), HttpRequest.newBuilder(URI.create(realm.issuer() + "/clients-registrations/openid-connect"))
                .header("Content-Type", "application/json").header("Authorization", "Bearer " + token)
                .POST(HttpRequest.BodyPublishers.ofString(Http.JSON.valueToTree(metadata(extra)).toString())).build());
    }

    private static Client register(FapiKit kit, Map<String, ?> extra) {
        HttpResponse<String> r = registerRaw(kit, extra);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        return client(Http.json(r), metadata(extra));
    }

    private static Client client(JsonNode body, Map<String, Object> metadata) {
        return new Client(body.get("client_id").asText(), body.get("client_secret").asText(), body.get("registration_client_uri").asText(),
                body.get("registration_access_token").asText(), body, metadata);
    }

    /** RFC 7592 §2.1 client read with the registration access token. */
    private static JsonNode read(FapiKit kit, Client client) {
        HttpResponse<String> r = Http.get(kit.http(null), client.uri, "Authorization", "Bearer " + client.accessToken);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return Http.json(r);
    }

    /** RFC 7592 §2.2 update: the full metadata (without this provider's field unless {@code extra} has it), plus client_id. */
    private static HttpResponse<String> update(FapiKit kit, Client client, Map<String, ?> extra) {
        Map<String, Object> metadata = new LinkedHashMap<>(client.metadata);
        metadata.remove(FIELD);
        metadata.putAll(extra);
        metadata.put("client_id", client.clientId);
        return Http.send(kit.http(null), HttpRequest.newBuilder(URI.create(client.uri))
                .header("Content-Type", "application/json").header("Authorization", "Bearer " + client.accessToken)
                .PUT(HttpRequest.BodyPublishers.ofString(Http.JSON.valueToTree(metadata).toString())).build());
    }

    private static Client updated(FapiKit kit, Client client, Map<String, ?> extra) {
        HttpResponse<String> r = update(kit, client, extra);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        JsonNode body = Http.json(r);
        Map<String, Object> metadata = new LinkedHashMap<>(client.metadata);
        metadata.remove(FIELD);
        metadata.putAll(extra);
        String token = body.hasNonNull("registration_access_token") ? body.get("registration_access_token").asText() : client.accessToken;
        return new Client(client.clientId, client.secret, client.uri, token, body, metadata);
    }

    private static HttpResponse<String> backchannel(FapiKit kit, Client client, Map<String, String> params) {
        String basic = Base64.getEncoder().encodeToString((client.clientId + ":" + client.secret).getBytes(StandardCharsets.UTF_8));
        return Http.send(kit.http(null), HttpRequest.newBuilder(URI.create(realm.oidc() + "/ext/ciba/auth"))
                .header("Content-Type", "application/x-www-form-urlencoded").header("Authorization", "Basic " + basic)
                .POST(HttpRequest.BodyPublishers.ofString(Http.form(params))).build());
    }

    private static void assertError(HttpResponse<String> r, String error) {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(400);
        assertThat(Http.json(r).get("error").asText()).as(r.body()).isEqualTo(error);
    }
}
