package dev.fapikit.it.policies;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import dev.fapikit.it.harness.Browser;
import dev.fapikit.it.harness.FapiKit;
import dev.fapikit.it.harness.FapiKitServer;
import dev.fapikit.it.harness.Http;
import dev.fapikit.it.harness.Jose;

/**
 * Issue 21 §2, RFC 9396 §7: the user sees the payment in words in the browser and approves or denies exactly that. The
 * required action {@code fapi-kit-payment-consent} runs after every browser sign-in whose authorization request carries
 * {@code authorization_details}; the {@code payment_initiation} processor issues details only with the user's approval
 * (client-session note {@code fapi-kit.rar.approved}), so a realm without the step issues no payment token. Keycloak
 * 26.5+ only (RAR): not in the 26.4 set.
 */
@FapiKitServer
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PaymentConsentIT {

    static final String ACTION = "fapi-kit-payment-consent";
    static final String REDIRECT = "https://client.example.org/cb";
    static final String CLIENT = "shop";
    static final String SECRET = "shop-secret-shop-secret-shop-secret-0001";

    static final String PAYMENT = """
            [{"type":"payment_initiation","actions":["initiate"],
              "instructedAmount":{"currency":"EUR","amount":"45.00"},
              "creditorName":"Merchant123","creditorAccount":{"iban":"DE02100100109307118603"},
              "remittanceInformationUnstructured":"Order 4711"}]""";

    /** PaymentWording's sentence for {@link #PAYMENT} in English. */
    static final String SENTENCE = "Pay €45.00 to Merchant123, account …8603";

    private PolicyRealm realm;
    private PolicyRealm withoutStep;

    @BeforeAll
    void realms(FapiKit kit) {
        realm = realm(kit, "consent");
        HttpResponse<String> r = kit.admin().post("realms/" + realm.name + "/authentication/register-required-action",
                Map.of("providerId", ACTION, "name", "Confirm payment details"));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(204);
        r = kit.admin().put("realms/" + realm.name, Map.of("internationalizationEnabled", true,
                "supportedLocales", List.of("en", "de"), "defaultLocale", "en"));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(204);
        withoutStep = realm(kit, "noconsent");
    }

    private static PolicyRealm realm(FapiKit kit, String prefix) {
        PolicyRealm created = PolicyRealm.create(kit, prefix).policyForAllClients("rar",
                PolicyRealm.executor("fapi-kit-authorization-details", Map.of("require-registered-types", false)));
        HttpResponse<String> r = kit.admin().post("realms/" + created.name + "/users", Map.of("username", "alice",
                "enabled", true, "email", "alice@example.org", "emailVerified", true, "firstName", "Alice",
                "lastName", "Example", "credentials", List.of(Map.of("type", "password", "value", "alice", "temporary", false))));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        r = created.createClient(Map.of("clientId", CLIENT, "name", "Shop", "enabled", true, "publicClient", false,
                "secret", SECRET, "standardFlowEnabled", true, "redirectUris", List.of(REDIRECT),
                "attributes", Map.of("post.logout.redirect.uris", REDIRECT)));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        return created;
    }

    @AfterAll
    void delete() {
        if (realm != null) realm.delete();
        if (withoutStep != null) withoutStep.delete();
    }

    @Test
    @DisplayName("the consent page shows the payment in words; approve → the token carries exactly the approved details, also after a refresh")
    void approve(FapiKit kit) throws Exception {
        Flow flow = start(kit, realm, kit.browser(), PAYMENT, Map.of());
        flow.browser.login(flow.authorizationUrl, kit.baseUrl(), "alice", "alice");
        String page = flow.browser.last().body();
        assertThat(page).as(page).contains(SENTENCE).contains("Reference: Order 4711").contains("Shop asks for your approval")
                .contains("name=\"fingerprint\"");
        assertThat(flow.browser.last().headers().firstValue("Cache-Control").orElse("")).contains("no-store");

        flow.browser.submit("login-actions/required-action", Map.of("approve", "approve"), kit.baseUrl());
        JsonNode tokens = flow.token(kit, code(flow.browser));
        assertThat(tokens.get("authorization_details")).isEqualTo(Http.JSON.readTree(PAYMENT));
        HttpResponse<String> refreshed = Http.postForm(kit.http(null), realm.oidcUrl() + "/token", Http.params(
                "grant_type", "refresh_token", "refresh_token", tokens.get("refresh_token").asText(),
                "client_id", CLIENT, "client_secret", SECRET));
        assertThat(refreshed.statusCode()).as(refreshed.body()).isEqualTo(200);
        assertThat(Http.json(refreshed).get("authorization_details")).isEqualTo(Http.JSON.readTree(PAYMENT));
    }

    @Test
    @DisplayName("in the user's language: ui_locales=de shows PaymentWording's German sentence and German buttons")
    void german(FapiKit kit) {
        Flow flow = start(kit, realm, kit.browser(), PAYMENT, Map.of("ui_locales", "de"));
        flow.browser.login(flow.authorizationUrl, kit.baseUrl(), "alice", "alice");
        String page = flow.browser.last().body().replace('\u00a0', ' ').replace("&nbsp;", " ");
        assertThat(page).as(page).contains("45,00 € an Merchant123 zahlen, Konto …8603").contains("Verwendungszweck: Order 4711")
                .contains("Zustimmen").contains("Ablehnen");
    }

    @Test
    @DisplayName("deny → the client gets error=access_denied with a description and its state, no code (RFC 6749 §4.1.2.1)")
    void deny(FapiKit kit) {
        Flow flow = start(kit, realm, kit.browser(), PAYMENT, Map.of());
        flow.browser.login(flow.authorizationUrl, kit.baseUrl(), "alice", "alice");
        flow.browser.submit("login-actions/required-action", Map.of("deny", "deny"), kit.baseUrl());
        String location = flow.browser.location();
        assertThat(location).startsWith(REDIRECT);
        Map<String, String> response = Http.urlParams(location);
        assertThat(response).as(location).containsEntry("error", "access_denied").containsEntry("state", flow.state)
                .doesNotContainKey("code");
        assertThat(response.get("error_description")).as(location).contains("denied the authorization_details");
    }

    @Test
    @DisplayName("deny with response_mode=query.jwt → access_denied inside the signed JARM response (the refusal goes through the protocol)")
    void denyAsJarm(FapiKit kit) {
        Flow flow = start(kit, realm, kit.browser(), PAYMENT, Map.of("response_mode", "query.jwt"));
        flow.browser.login(flow.authorizationUrl, kit.baseUrl(), "alice", "alice");
        flow.browser.submit("login-actions/required-action", Map.of("deny", "deny"), kit.baseUrl());
        Map<String, String> response = Http.urlParams(flow.browser.location());
        assertThat(response).as(flow.browser.location()).containsKey("response").doesNotContainKey("code");
        Map<String, Object> claims = Jose.verify(kit, realm.name, response.get("response")).getClaims();
        assertThat(claims).containsEntry("error", "access_denied").containsEntry("state", flow.state).doesNotContainKey("code");
    }

    @Test
    @DisplayName("a forged or stale fingerprint does not approve: the page comes again with a warning, no code")
    void forgedFingerprint(FapiKit kit) throws Exception {
        Flow flow = start(kit, realm, kit.browser(), PAYMENT, Map.of());
        flow.browser.login(flow.authorizationUrl, kit.baseUrl(), "alice", "alice");
        String otherDetails = PAYMENT.replace("45.00", "4500.00");
        flow.browser.submit("login-actions/required-action", Map.of("approve", "approve",
                "fingerprint", fingerprint(otherDetails)), kit.baseUrl());
        assertThat(flow.browser.last().statusCode()).isEqualTo(200);
        assertThat(flow.browser.last().body()).contains("id=\"error-fapiKitPaymentConsentChanged\"").contains(SENTENCE);
        // the page's own fingerprint still works
        flow.browser.submit("login-actions/required-action", Map.of("approve", "approve"), kit.baseUrl());
        assertThat(flow.token(kit, code(flow.browser)).get("authorization_details")).isEqualTo(Http.JSON.readTree(PAYMENT));
    }

    @Test
    @DisplayName("SSO: a second request in the same browser with other details shows the page again (no password), with the new payment")
    void ssoShowsNewDetails(FapiKit kit) throws Exception {
        Browser browser = kit.browser();
        Flow first = start(kit, realm, browser, PAYMENT, Map.of());
        browser.login(first.authorizationUrl, kit.baseUrl(), "alice", "alice");
        browser.submit("login-actions/required-action", Map.of("approve", "approve"), kit.baseUrl());
        first.token(kit, code(browser));

        String second = PAYMENT.replace("45.00", "99.50").replace("Merchant123", "Bakery");
        Flow flow = start(kit, realm, browser, second, Map.of());
        browser.open(flow.authorizationUrl, kit.baseUrl());
        String page = browser.last().body();
        assertThat(page).as(page).doesNotContain("name=\"password\"").contains("Pay €99.50 to Bakery, account …8603")
                .doesNotContain(SENTENCE);
        browser.submit("login-actions/required-action", Map.of("approve", "approve"), kit.baseUrl());
        assertThat(flow.token(kit, code(browser)).get("authorization_details")).isEqualTo(Http.JSON.readTree(second));
    }

    @Test
    @DisplayName("SSO: a later request without authorization_details shows no page and its token carries no payment")
    void ssoWithoutDetails(FapiKit kit) {
        Browser browser = kit.browser();
        Flow first = start(kit, realm, browser, PAYMENT, Map.of());
        browser.login(first.authorizationUrl, kit.baseUrl(), "alice", "alice");
        browser.submit("login-actions/required-action", Map.of("approve", "approve"), kit.baseUrl());
        first.token(kit, code(browser));

        Flow flow = start(kit, realm, browser, null, Map.of());
        browser.open(flow.authorizationUrl, kit.baseUrl());
        JsonNode tokens = flow.token(kit, code(browser));
        assertThat(tokens.has("authorization_details")).as(tokens.toString()).isFalse();
    }

    @Test
    @DisplayName("a token request naming other details than the approved ones: invalid_authorization_details (RFC 9396 §6.1)")
    void tokenRequestNamesOtherDetails(FapiKit kit) {
        Flow flow = start(kit, realm, kit.browser(), PAYMENT, Map.of());
        flow.browser.login(flow.authorizationUrl, kit.baseUrl(), "alice", "alice");
        flow.browser.submit("login-actions/required-action", Map.of("approve", "approve"), kit.baseUrl());
        HttpResponse<String> token = Http.postForm(kit.http(null), realm.oidcUrl() + "/token", Http.params(
                "grant_type", "authorization_code", "code", code(flow.browser), "redirect_uri", REDIRECT,
                "code_verifier", flow.verifier, "client_id", CLIENT, "client_secret", SECRET,
                "authorization_details", PAYMENT.replace("45.00", "4500.00")));
        assertThat(token.statusCode()).as(token.body()).isEqualTo(400);
        assertThat(Http.json(token).get("error").asText()).isEqualTo("invalid_authorization_details");
        assertThat(Http.json(token).get("error_description").asText()).contains("did not approve");
    }

    @Test
    @DisplayName("a hostile creditor name is shown as text, escaped; a reference naming a theme message is shown as sent, not resolved")
    void escapesCreditorName(FapiKit kit) {
        String hostile = PAYMENT.replace("Merchant123", "<script>alert(1)</script>")
                .replace("Order 4711", "${fapiKitPaymentConsentChanged}");
        Flow flow = start(kit, realm, kit.browser(), hostile, Map.of());
        flow.browser.login(flow.authorizationUrl, kit.baseUrl(), "alice", "alice");
        String page = flow.browser.last().body();
        assertThat(page).as(page).contains("Pay €45.00 to &lt;script&gt;alert(1)&lt;/script&gt;, account …8603")
                .doesNotContain("<script>alert(1)</script>")
                .contains("Reference: ${fapiKitPaymentConsentChanged}")
                .doesNotContain("The request changed while this page was open");
    }

    @Test
    @DisplayName("safety net: a realm without the consent step issues no payment token (invalid_authorization_details)")
    void realmWithoutStep(FapiKit kit) {
        Flow flow = start(kit, withoutStep, kit.browser(), PAYMENT, Map.of());
        flow.browser.login(flow.authorizationUrl, kit.baseUrl(), "alice", "alice");
        String code = code(flow.browser);
        HttpResponse<String> token = flow.tokenResponse(kit, code);
        assertThat(token.statusCode()).as(token.body()).isEqualTo(400);
        assertThat(Http.json(token).get("error").asText()).isEqualTo("invalid_authorization_details");
        assertThat(Http.json(token).get("error_description").asText()).contains("not approved").contains(ACTION)
                .doesNotContain("Exception");
    }

    @Nested
    @DisplayName("the demo realm fapi2 (docker/realms/fapi2.json)")
    class DemoRealm {

        @Test
        @DisplayName("has the consent step registered and enabled, and Keycloak's own required actions as a new realm has them")
        void registered(FapiKit kit) {
            JsonNode action = kit.admin().get("realms/fapi2/authentication/required-actions/" + ACTION);
            assertThat(action.path("enabled").asBoolean()).as(action.toString()).isTrue();
            assertThat(action.path("defaultAction").asBoolean()).as(action.toString()).isFalse();
            // a realm file's requiredActions replace Keycloak's defaults: fapi2.json must list them all
            assertThat(summary(kit, "fapi2")).isEqualTo(summary(kit, realm.name));
        }

        /** alias → enabled/default of every required action of {@code realmName} (the new realm has the step registered). */
        private Map<String, String> summary(FapiKit kit, String realmName) {
            Map<String, String> summary = new java.util.TreeMap<>();
            kit.admin().get("realms/" + realmName + "/authentication/required-actions").forEach(a -> summary.put(
                    a.path("alias").asText(), a.path("providerId").asText() + " enabled=" + a.path("enabled").asBoolean()
                            + " default=" + a.path("defaultAction").asBoolean()));
            return summary;
        }
    }

    private static String code(Browser browser) {
        Map<String, String> response = Http.urlParams(browser.location());
        assertThat(response).as(browser.location()).containsKey("code");
        return response.get("code");
    }

    private static String fingerprint(String details) throws Exception {
        byte[] hash = java.security.MessageDigest.getInstance("SHA-256").digest(details.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        return java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(hash);
    }

    /** One pushed authorization request (RFC 9126) of client shop, to be opened in {@code browser}. */
    private record Flow(PolicyRealm realm, Browser browser, String authorizationUrl, String state, String verifier) {

        HttpResponse<String> tokenResponse(FapiKit kit, String code) {
            return Http.postForm(kit.http(null), realm.oidcUrl() + "/token", Http.params("grant_type", "authorization_code",
                    "code", code, "redirect_uri", REDIRECT, "code_verifier", verifier, "client_id", CLIENT, "client_secret", SECRET));
        }

        JsonNode token(FapiKit kit, String code) {
            HttpResponse<String> token = tokenResponse(kit, code);
            assertThat(token.statusCode()).as(token.body()).isEqualTo(200);
            return Http.json(token);
        }
    }

    private static Flow start(FapiKit kit, PolicyRealm realm, Browser browser, String details, Map<String, String> extra) {
        Map<String, String> pkce = Jose.pkce();
        String state = Jose.randomId();
        Map<String, String> params = new java.util.LinkedHashMap<>(Http.params("client_id", CLIENT, "client_secret", SECRET,
                "response_type", "code", "scope", "openid", "redirect_uri", REDIRECT, "state", state, "nonce", Jose.randomId(),
                "code_challenge", pkce.get("challenge"), "code_challenge_method", "S256"));
        if (details != null) params.put("authorization_details", details);
        params.putAll(extra);
        HttpResponse<String> par = Http.postForm(kit.http(null), realm.oidcUrl() + "/ext/par/request", params);
        assertThat(par.statusCode()).as(par.body()).isEqualTo(201);
        String url = realm.oidcUrl() + "/auth?client_id=" + CLIENT + "&request_uri=" + Http.enc(Http.json(par).get("request_uri").asText());
        return new Flow(realm, browser, url, state, pkce.get("verifier"));
    }
}
