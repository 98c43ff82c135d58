package dev.fapikit.it.policies;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Date;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import dev.fapikit.it.harness.Browser;
import dev.fapikit.it.harness.FapiKit;
import dev.fapikit.it.harness.FapiKitServer;
import dev.fapikit.it.harness.Http;
import dev.fapikit.it.harness.Jose;

/**
 * Issue 21 §2: Rich Authorization Requests (RFC 9396) with the built-in {@code payment_initiation} type. A client
 * registers {@code authorization_details_types} (RFC 9396 §10) by dynamic registration, pushes a payment (RFC 9126),
 * the user signs in, and the token response carries the approved details (RFC 9396 §7), as does the access token
 * (§9.1), the introspection response (§9.2) and every refresh; the details may also come as a JSON array claim of a
 * signed request object (§3). Invalid details are refused at the PAR endpoint with {@code invalid_authorization_details}
 * (§5) by the {@code fapi-kit-authorization-details} executor. The user approves the payment on FAPI Kit's consent
 * page (required action {@code fapi-kit-payment-consent}, registered in this realm; {@code PaymentConsentIT} covers it).
 * Keycloak 26.5+ only: not in the 26.4 set.
 */
@FapiKitServer
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RichAuthorizationRequestIT {

    static final String REDIRECT = "https://client.example.org/cb";
    static final String TYPE = "payment_initiation";

    /** "Pay 45 EUR to Merchant123" (RFC 9396 §2's example shape). */
    static final String PAYMENT = """
            [{"type":"payment_initiation","actions":["initiate","status","cancel"],
              "locations":["https://example.com/payments"],
              "instructedAmount":{"currency":"EUR","amount":"45.00"},
              "creditorName":"Merchant123","creditorAccount":{"iban":"DE02100100109307118603"},
              "remittanceInformationUnstructured":"Order 4711"}]""";

    private PolicyRealm realm;
    private JsonNode registered;

    @BeforeAll
    void realm(FapiKit kit) {
        realm = PolicyRealm.create(kit, "rar").policyForAllClients("rar",
                PolicyRealm.executor("fapi-kit-authorization-details", Map.of("require-registered-types", true)));
        HttpResponse<String> r = kit.admin().post("realms/" + realm.name + "/authentication/register-required-action",
                Map.of("providerId", "fapi-kit-payment-consent", "name", "Confirm payment details"));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(204);
        r = kit.admin().post("realms/" + realm.name + "/users", Map.of("username", "alice",
                "enabled", true, "email", "alice@example.org", "emailVerified", true, "firstName", "Alice",
                "lastName", "Example", "credentials", List.of(Map.of("type", "password", "value", "alice", "temporary", false))));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        HttpResponse<String> registration = register(kit, Map.of("client_name", "payments", "redirect_uris", List.of(REDIRECT),
                "token_endpoint_auth_method", "client_secret_post", "grant_types", List.of("authorization_code", "refresh_token"),
                "authorization_details_types", List.of(TYPE)));
        assertThat(registration.statusCode()).as(registration.body()).isEqualTo(201);
        registered = Http.json(registration);
        // the client is also the resource server that introspects its access tokens: Keycloak answers active only
        // for a token whose audience names the introspecting client
        String clientUuid = realm.client(registered.get("client_id").asText()).get("id").asText();
        r = kit.admin().post("realms/" + realm.name + "/clients/" + clientUuid + "/protocol-mappers/models", Map.of(
                "name", "self-audience", "protocol", "openid-connect", "protocolMapper", "oidc-audience-mapper",
                "config", Map.of("included.client.audience", registered.get("client_id").asText(),
                        "access.token.claim", "true", "introspection.token.claim", "true")));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        r = realm.createClient(Map.of("clientId", "unregistered", "enabled", true, "publicClient", false,
                "secret", "unregistered-secret-unregistered-secret", "standardFlowEnabled", true, "redirectUris", List.of(REDIRECT)));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
    }

    @AfterAll
    void delete() {
        if (realm != null) {
            realm.delete();
        }
    }

    @Test
    @DisplayName("discovery lists payment_initiation in authorization_details_types_supported (RFC 9396 §10)")
    void discovery(FapiKit kit) {
        JsonNode discovery = Http.json(Http.get(kit.http(null), realm.issuer() + "/.well-known/openid-configuration"));
        assertThat(discovery.get("authorization_details_types_supported")).as(discovery.toString()).isNotNull();
        assertThat(discovery.get("authorization_details_types_supported").toString()).contains("\"" + TYPE + "\"");
    }

    @Test
    @DisplayName("registration stores and echoes authorization_details_types; an unsupported type is invalid_client_metadata")
    void registration(FapiKit kit) {
        assertThat(registered.get("authorization_details_types").toString()).isEqualTo("[\"" + TYPE + "\"]");
        assertThat(realm.client(registered.get("client_id").asText()).path("attributes")
                .path("fapi-kit.authorization-details-types").asText()).isEqualTo(TYPE);
        HttpResponse<String> refused = register(kit, Map.of("redirect_uris", List.of(REDIRECT),
                "authorization_details_types", List.of("account_information")));
        assertThat(refused.statusCode()).as(refused.body()).isEqualTo(400);
        assertThat(Http.json(refused).get("error").asText()).isEqualTo("invalid_client_metadata");
        assertThat(Http.json(refused).get("error_description").asText()).contains(TYPE);
    }

    @Test
    @DisplayName("PAR with a payment → login → consent → code → the token response, the access token, introspection and each refresh carry the same details")
    void paymentFlow(FapiKit kit) throws Exception {
        String clientId = registered.get("client_id").asText();
        String secret = registered.get("client_secret").asText();
        Map<String, String> pkce = Jose.pkce();
        HttpResponse<String> par = push(kit, clientId, secret, PAYMENT, pkce.get("challenge"));
        assertThat(par.statusCode()).as(par.body()).isEqualTo(201);
        JsonNode tokens = approveAndRedeem(kit, par, pkce);
        JsonNode expected = Http.JSON.readTree(PAYMENT);
        // RFC 9396 §7: the token response names the authorization details granted
        assertThat(tokens.get("authorization_details")).as(tokens.toString()).isEqualTo(expected);
        // RFC 9396 §9.1: and so does the access token
        JsonNode accessClaims = Http.JSON.valueToTree(
                Jose.verify(kit, realm.name, tokens.get("access_token").asText()).getClaims());
        assertThat(accessClaims.get("authorization_details")).as(accessClaims.toString()).isEqualTo(expected);
        // RFC 9396 §9.2: and the introspection response, for the resource server
        HttpResponse<String> introspection = Http.postForm(kit.http(null), realm.oidcUrl() + "/token/introspect", Http.params(
                "token", tokens.get("access_token").asText(), "client_id", clientId, "client_secret", secret));
        assertThat(introspection.statusCode()).as(introspection.body()).isEqualTo(200);
        assertThat(Http.json(introspection).get("active").asBoolean()).as(introspection.body()).isTrue();
        assertThat(Http.json(introspection).get("authorization_details")).as(introspection.body()).isEqualTo(expected);

        String refreshToken = tokens.get("refresh_token").asText();
        for (int i = 0; i < 2; i++) {
            HttpResponse<String> refreshed = Http.postForm(kit.http(null), realm.oidcUrl() + "/token", Http.params(
                    "grant_type", "refresh_token", "refresh_token", refreshToken, "client_id", clientId, "client_secret", secret));
            assertThat(refreshed.statusCode()).as(refreshed.body()).isEqualTo(200);
            JsonNode again = Http.json(refreshed);
            assertThat(again.get("authorization_details")).as("refresh %d: %s", i + 1, refreshed.body()).isEqualTo(expected);
            refreshToken = again.get("refresh_token").asText();
        }
    }

    @Test
    @DisplayName("authorization_details as a JSON array claim of a signed request object (RFC 9396 §3, RFC 9101 §4) → consent → the token carries them")
    void inRequestObject(FapiKit kit) throws Exception {
        String clientId = registered.get("client_id").asText();
        String secret = registered.get("client_secret").asText();
        Map<String, String> pkce = Jose.pkce();
        JWTClaimsSet claims = new JWTClaimsSet.Builder().issuer(clientId).audience(realm.issuer())
                .expirationTime(new Date(System.currentTimeMillis() + 300_000))
                .claim("client_id", clientId).claim("response_type", "code").claim("scope", "openid")
                .claim("redirect_uri", REDIRECT).claim("state", Jose.randomId()).claim("nonce", Jose.randomId())
                .claim("code_challenge", pkce.get("challenge")).claim("code_challenge_method", "S256")
                .claim("authorization_details", Http.JSON.readValue(PAYMENT, List.class))
                .build();
        // HS256 with the client secret (RFC 9101 §4 allows any JWS algorithm the server supports for the client)
        SignedJWT request = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), claims);
        request.sign(new MACSigner(secret.getBytes(StandardCharsets.UTF_8)));
        HttpResponse<String> par = Http.postForm(kit.http(null), realm.oidcUrl() + "/ext/par/request", Http.params(
                "client_id", clientId, "client_secret", secret, "request", request.serialize()));
        assertThat(par.statusCode()).as(par.body()).isEqualTo(201);
        JsonNode tokens = approveAndRedeem(kit, par, pkce);
        assertThat(tokens.get("authorization_details")).as(tokens.toString()).isEqualTo(Http.JSON.readTree(PAYMENT));
    }

    /** Sign-in, the payment consent page (RFC 9396 §7: the user approves exactly this payment), and the code's tokens. */
    private JsonNode approveAndRedeem(FapiKit kit, HttpResponse<String> par, Map<String, String> pkce) {
        String clientId = registered.get("client_id").asText();
        String secret = registered.get("client_secret").asText();
        Browser browser = kit.browser();
        browser.login(realm.oidcUrl() + "/auth?client_id=" + Http.enc(clientId) + "&request_uri="
                + Http.enc(Http.json(par).get("request_uri").asText()), kit.baseUrl(), "alice", "alice");
        // RFC 9396 §7: the user approves exactly this payment
        assertThat(browser.last().body()).contains("Pay €45.00 to Merchant123, account …8603");
        browser.submit("login-actions/required-action", Map.of("approve", "approve"), kit.baseUrl());
        Map<String, String> response = Http.urlParams(browser.location());
        assertThat(response).as(browser.location()).containsKey("code");

        HttpResponse<String> token = Http.postForm(kit.http(null), realm.oidcUrl() + "/token", Http.params(
                "grant_type", "authorization_code", "code", response.get("code"), "redirect_uri", REDIRECT,
                "code_verifier", pkce.get("verifier"), "client_id", clientId, "client_secret", secret));
        assertThat(token.statusCode()).as(token.body()).isEqualTo(200);
        return Http.json(token);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "unknown type|[{\"type\":\"account_information\",\"actions\":[\"read\"]}]|account_information",
            "bad IBAN check digits|" + "[{\"type\":\"payment_initiation\",\"instructedAmount\":{\"currency\":\"EUR\",\"amount\":\"45.00\"},"
                    + "\"creditorName\":\"Merchant123\",\"creditorAccount\":{\"iban\":\"DE02100100109307118604\"}}]|iban",
            "unknown currency|" + "[{\"type\":\"payment_initiation\",\"instructedAmount\":{\"currency\":\"EUX\",\"amount\":\"45.00\"},"
                    + "\"creditorName\":\"Merchant123\",\"creditorAccount\":{\"iban\":\"DE02100100109307118603\"}}]|currency",
            "more decimals than the currency has|" + "[{\"type\":\"payment_initiation\",\"instructedAmount\":{\"currency\":\"JPY\",\"amount\":\"45.5\"},"
                    + "\"creditorName\":\"Merchant123\",\"creditorAccount\":{\"iban\":\"DE02100100109307118603\"}}]|minor units",
            "unknown member|" + "[{\"type\":\"payment_initiation\",\"instructedAmount\":{\"currency\":\"EUR\",\"amount\":\"45.00\"},"
                    + "\"creditorName\":\"Merchant123\",\"creditorAccount\":{\"iban\":\"DE02100100109307118603\"},\"debtorAccount\":{}}]|debtorAccount",
            "not JSON|[{\"type\":|not valid JSON"})
    @DisplayName("invalid authorization_details at PAR: 400 invalid_authorization_details with a description (RFC 9396 §5)")
    void invalidDetails(String name, String details, String description, FapiKit kit) {
        HttpResponse<String> par = push(kit, registered.get("client_id").asText(), registered.get("client_secret").asText(),
                details, Jose.pkce().get("challenge"));
        assertThat(par.statusCode()).as(par.body()).isEqualTo(400);
        assertThat(Http.json(par).get("error").asText()).isEqualTo("invalid_authorization_details");
        assertThat(Http.json(par).get("error_description").asText()).contains(description).doesNotContain("Exception");
    }

    @Test
    @DisplayName("a type the client did not register: invalid_authorization_details (require-registered-types)")
    void typeNotRegistered(FapiKit kit) {
        HttpResponse<String> par = push(kit, "unregistered", "unregistered-secret-unregistered-secret", PAYMENT,
                Jose.pkce().get("challenge"));
        assertThat(par.statusCode()).as(par.body()).isEqualTo(400);
        assertThat(Http.json(par).get("error").asText()).isEqualTo("invalid_authorization_details");
        assertThat(Http.json(par).get("error_description").asText()).contains("did not register");
    }

    @Test
    @DisplayName("details longer than Keycloak keeps for a request parameter (2000 characters): invalid_authorization_details, not dropped later")
    void longerThanKeycloakKeeps(FapiKit kit) {
        String long_ = PAYMENT.replace("\"Order 4711\"", "\"Order 4711\"" + " ".repeat(2100));
        HttpResponse<String> par = push(kit, registered.get("client_id").asText(), registered.get("client_secret").asText(),
                long_, Jose.pkce().get("challenge"));
        assertThat(par.statusCode()).as(par.body()).isEqualTo(400);
        assertThat(Http.json(par).get("error").asText()).isEqualTo("invalid_authorization_details");
        assertThat(Http.json(par).get("error_description").asText()).contains("2000 characters");
    }

    private HttpResponse<String> push(FapiKit kit, String clientId, String secret, String details, String challenge) {
        return Http.postForm(kit.http(null), realm.oidcUrl() + "/ext/par/request", Http.params("client_id", clientId,
                "client_secret", secret, "response_type", "code", "scope", "openid", "redirect_uri", REDIRECT,
                "state", Jose.randomId(), "nonce", Jose.randomId(), "code_challenge", challenge,
                "code_challenge_method", "S256", "authorization_details", details));
    }

    private HttpResponse<String> register(FapiKit kit, Map<String, ?> metadata) {
        ObjectNode body = Http.JSON.valueToTree(metadata);
        return Http.send(kit.http(null), HttpRequest.newBuilder(URI.create(realm.issuer() + "/clients-registrations/openid-connect"))
                .header("Authorization", "Bearer " + realm.initialAccessToken()).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body.toString())).build());
    }
}
