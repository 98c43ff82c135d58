package dev.fapikit.it.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.jar.JarFile;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import dev.fapikit.it.ciba.CibaRealm;
import dev.fapikit.it.harness.Browser;
import dev.fapikit.it.harness.FapiKit;
import dev.fapikit.it.harness.FapiKitServer;
import dev.fapikit.it.harness.Http;

/**
 * ISSUE16 §4 and §6: the approval page's sign-in is a real one (state and PKCE checked, the code redeemed inside the
 * server, login CSRF refused), no page visit changes the realm, the page's own security headers arrive, a realm whose
 * client policies refuse the page's sign-in gets a page naming the cause instead of a redirect loop, and step-up asks
 * for an acr value that reaches the level the request's client demands.
 */
@FapiKitServer
@DisplayName("approval page: sign-in, headers, client policies, step-up (ISSUE16 §4, §6)")
class ApprovalPageSecurityIT {

    private static final String APPROVAL_CLIENT = "fapi-kit-ciba-approval";
    private static final Pattern LOGIN_ACTION = Pattern.compile("action=\"([^\"]*login-actions/authenticate[^\"]*)\"");

    private static CibaRealm realm;

    @BeforeAll
    static void realm(FapiKit kit) {
        realm = CibaRealm.create(kit, "sec-page");
    }

    @Nested
    @DisplayName("Given the realm's approval client")
    class ApprovalClient {

        @Test
        @DisplayName("it exists as soon as the realm is imported, confidential, redirecting only to the page")
        void createdAtImport() {
            JsonNode clients = realm.kit.admin().get("realms/" + realm.name + "/clients?clientId=" + APPROVAL_CLIENT);
            assertThat(clients).hasSize(1);
            JsonNode c = clients.get(0);
            assertThat(c.get("publicClient").asBoolean()).isFalse();
            assertThat(c.get("directAccessGrantsEnabled").asBoolean()).isFalse();
            assertThat(c.get("redirectUris")).hasSize(1);
            assertThat(c.get("redirectUris").get(0).asText()).isEqualTo("/realms/" + realm.name + "/fapi-kit-ciba/approvals");
        }

        @Test
        @DisplayName("when an admin removed it, a page visit answers an error page naming it and does not create it again")
        void missingClientIsAnErrorPageNotARealmChange(FapiKit kit) {
            CibaRealm other = CibaRealm.create(kit, "sec-page-noclient");
            assertThat(kit.admin().delete("realms/" + other.name + "/clients/" + other.clientUuid(APPROVAL_CLIENT)).statusCode()).isEqualTo(204);

            HttpResponse<String> r = Http.get(kit.browser().http(), other.approvalPage());
            assertThat(r.statusCode()).isEqualTo(503);
            assertThat(r.body()).contains("id=\"sign-in-error-no_client\"").contains(APPROVAL_CLIENT);
            assertThat(kit.admin().get("realms/" + other.name + "/clients?clientId=" + APPROVAL_CLIENT)).isEmpty();
            assertThat(kit.admin().delete("realms/" + other.name).statusCode()).isEqualTo(204);
        }
    }

    @Nested
    @DisplayName("Given the page's sign-in (OIDC Core §3.1 with PKCE, RFC 6749 §10.12)")
    class SignIn {

        @Test
        @DisplayName("the sign-in request carries state, nonce and an S256 challenge, and sets an HttpOnly, Secure, SameSite=Lax cookie on the page's path")
        void signInRequestAndCookie() {
            HttpResponse<String> r = Http.get(realm.kit.browser().http(), realm.approvalPage());
            assertThat(r.statusCode()).isEqualTo(303);
            Map<String, String> q = Http.urlParams(r.headers().firstValue("Location").orElseThrow());
            assertThat(q).containsEntry("client_id", APPROVAL_CLIENT).containsEntry("response_type", "code")
                    .containsEntry("code_challenge_method", "S256").containsKeys("state", "nonce", "code_challenge");
            String cookie = r.headers().allValues("Set-Cookie").stream().filter(c -> c.startsWith("FAPI_KIT_CIBA_SIGN_IN=")).findFirst().orElseThrow();
            assertThat(cookie).contains("; Path=/realms/" + realm.name + "/fapi-kit-ciba/approvals")
                    .contains("; HttpOnly").contains("; Secure").contains("; SameSite=Lax");
        }

        @Test
        @DisplayName("an attacker's code and state carried into a victim's browser without the sign-in cookie are refused, and the victim is not signed in as the attacker")
        void loginCsrfWithoutCookieIsRefused() {
            String forged = attackersReturnUrl("bob");
            Browser victim = realm.kit.browser();
            HttpResponse<String> r = Http.get(victim.http(), forged);
            assertThat(r.statusCode()).isEqualTo(400);
            assertThat(r.body()).contains("id=\"sign-in-error-not_started_here\"").doesNotContain("bob");

            HttpResponse<String> after = Http.get(victim.http(), realm.approvalPage());
            assertThat(after.statusCode()).as("the victim still has to sign in").isEqualTo(303);
        }

        @Test
        @DisplayName("an attacker's code and state carried into a victim's browser with the victim's own pending sign-in are refused")
        void loginCsrfWithAnotherPendingSignInIsRefused() {
            Browser victim = realm.kit.browser();
            HttpResponse<String> started = Http.get(victim.http(), realm.approvalPage());
            assertThat(started.statusCode()).isEqualTo(303);
            HttpResponse<String> r = Http.get(victim.http(), attackersReturnUrl("bob"));
            assertThat(r.statusCode()).isEqualTo(400);
            assertThat(r.body()).contains("id=\"sign-in-error-not_started_here\"");

            // the victim's own sign-in is untouched and completes as the victim
            victim.open(started.headers().firstValue("Location").orElseThrow(), realm.kit.baseUrl());
            victim.submit("login-actions/authenticate", Map.of("username", "alice", "password", "alice-pw"), realm.kit.baseUrl());
            assertThat(victim.last().uri().toString()).isEqualTo(realm.approvalPage());
            assertThat(victim.last().statusCode()).isEqualTo(200);
            assertThat(victim.last().body()).contains("alice").doesNotContain("bob");
        }

        @Test
        @DisplayName("the right state with a code that is not the one this sign-in got is refused (the code is redeemed and checked)")
        void foreignCodeWithTheRightStateIsRefused() {
            String attackers = attackersReturnUrl("bob");
            Browser victim = realm.kit.browser();
            HttpResponse<String> started = Http.get(victim.http(), realm.approvalPage());
            String state = Http.urlParams(started.headers().firstValue("Location").orElseThrow()).get("state");
            String code = Http.urlParams(attackers).get("code");
            HttpResponse<String> r = Http.get(victim.http(), realm.approvalPage() + "?state=" + Http.enc(state) + "&code=" + Http.enc(code));
            assertThat(r.statusCode()).isEqualTo(400);
            assertThat(r.body()).contains("id=\"sign-in-error-invalid_code\"").doesNotContain("bob");
            assertThat(Http.get(victim.http(), realm.approvalPage()).statusCode()).isEqualTo(303);
        }

        @Test
        @DisplayName("a completed sign-in shows the page; replaying its return URL is refused")
        void replayedReturnIsRefused() {
            Browser alice = realm.kit.browser();
            HttpResponse<String> started = Http.get(alice.http(), realm.approvalPage());
            alice.open(started.headers().firstValue("Location").orElseThrow(), "https://nowhere.invalid/");
            HttpResponse<String> back = Http.postForm(alice.http(), loginAction(alice.last().body()),
                    Map.of("username", "alice", "password", "alice-pw"));
            String returnUrl = back.headers().firstValue("Location").orElseThrow();
            HttpResponse<String> done = Http.get(alice.http(), returnUrl);
            assertThat(done.statusCode()).isEqualTo(303);
            String session = done.headers().allValues("Set-Cookie").stream().filter(c -> c.startsWith("FAPI_KIT_CIBA_SESSION=")).findFirst().orElseThrow();
            assertThat(session).contains("; Path=/realms/" + realm.name + "/fapi-kit-ciba/approvals")
                    .contains("; HttpOnly").contains("; Secure").contains("; SameSite=Lax");
            HttpResponse<String> page = Http.get(alice.http(), realm.approvalPage());
            assertThat(page.statusCode()).isEqualTo(200);
            assertThat(page.body()).contains("alice");

            HttpResponse<String> replay = Http.get(alice.http(), returnUrl);
            assertThat(replay.statusCode()).isEqualTo(400);
        }

        /** bob signs in in the attacker's browser and stops before the page: the return URL with bob's code and state. */
        private String attackersReturnUrl(String attacker) {
            Browser browser = realm.kit.browser();
            HttpResponse<String> started = Http.get(browser.http(), realm.approvalPage());
            browser.open(started.headers().firstValue("Location").orElseThrow(), "https://nowhere.invalid/");
            HttpResponse<String> back = Http.postForm(browser.http(), loginAction(browser.last().body()),
                    Map.of("username", attacker, "password", attacker + "-pw"));
            assertThat(back.statusCode()).isEqualTo(302);
            String location = back.headers().firstValue("Location").orElseThrow();
            assertThat(location).startsWith(realm.approvalPage() + "?").contains("code=").contains("state=");
            return location;
        }
    }

    @Test
    @DisplayName("the signed-in page carries its own CSP and X-Frame-Options: DENY, not Keycloak's defaults")
    void strictHeadersArrive() {
        Browser browser = realm.signedInToApprovalPage("alice");
        HttpResponse<String> page = browser.last();
        assertThat(page.statusCode()).isEqualTo(200);
        // the realm's login theme draws the page: its style sheets, fonts and the refresh script from this origin, no
        // inline script but keycloak.v2's language-menu handler by hash (ISSUE18 §3)
        assertThat(page.headers().allValues("Content-Security-Policy")).containsExactly(
                "default-src 'none'; script-src 'self' 'unsafe-hashes' 'sha256-2S04WPPs4QjIcYg0hCJ+x7VgjT8tAhsIDA3mr3uPuSY='; style-src 'self';"
                        + " img-src 'self' data:; font-src 'self'; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'");
        assertThat(page.headers().allValues("X-Frame-Options")).containsExactly("DENY");
        assertThat(page.headers().allValues("X-Content-Type-Options")).containsExactly("nosniff");
        assertThat(page.headers().allValues("Referrer-Policy")).containsExactly("no-referrer");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"fapi-kit-fapi-1-advanced", "fapi-kit-fapi-2-security-profile", "fapi-kit-fapi-2-message-signing",
            "fapi-kit-fapi-ciba", "fapi-kit-fapi-2-dpop-security-profile", "fapi-kit-fapi-2-dpop-message-signing"})
    @DisplayName("with an any-client policy on a FAPI Kit profile the page signs the user in or names the refusal, never loops")
    void anyClientPolicy(String profile, FapiKit kit) throws IOException {
        CibaRealm policed = CibaRealm.create(kit, "sec-policy");
        try {
            HttpResponse<String> installed = kit.admin().put("realms/" + policed.name + "/client-policies/profiles", shippedProfiles(kit));
            assertThat(installed.statusCode()).as(installed.body()).isEqualTo(204);
            assertThat(kit.admin().put("realms/" + policed.name + "/client-policies/policies", Map.of("policies", List.of(Map.of(
                    "name", "everyone", "enabled", true, "profiles", List.of(profile),
                    "conditions", List.of(Map.of("condition", "any-client", "configuration", Map.of())))))).statusCode()).isEqualTo(204);
            Browser browser = kit.browser();
            browser.open(policed.approvalPage(), kit.baseUrl());
            if (browser.last().body().contains("login-actions/authenticate")) {
                browser.submit("login-actions/authenticate", Map.of("username", "alice", "password", "alice-pw"), kit.baseUrl());
            }
            HttpResponse<String> last = browser.last();
            String outcome = last.statusCode() + " " + (last.body().contains("sign-in-error-refused") ? "refused"
                    : last.body().contains("sign-in-error-loop") ? "loop" : last.uri().toString().equals(policed.approvalPage()) && last.statusCode() == 200 ? "page" : "other");
            // FAPI-CIBA's profile governs CIBA requests only: the (confidential, PKCE) sign-in passes it. The others
            // demand a request object or PAR, which the page's own sign-in does not use: the page names the refusal.
            String expected = profile.equals("fapi-kit-fapi-ciba") ? "200 page" : "403 refused";
            assertThat(outcome).as(last.uri() + "\n" + last.body()).isEqualTo(expected);
            if (outcome.equals("403 refused")) {
                assertThat(last.body()).contains(APPROVAL_CLIENT).contains("client policies").contains("id=\"sign-in-error-detail\"");
                assertThat(last.uri().toString()).as("refused before any redirect").isEqualTo(policed.approvalPage());
            }
        } finally {
            kit.admin().delete("realms/" + policed.name);
        }
    }

    @Test
    @DisplayName("step-up asks the realm for the acr value that reaches the level the request's client map demands (client silver=2, realm gold=2)")
    void stepUpRequestsTheLevelTheClientDemands() {
        realm.realmAttributes(Map.of("acr.loa.map", "{\"silver\":1,\"gold\":2}"));
        realm.clientAttributes("speaker", Map.of("acr.loa.map", "{\"silver\":2,\"gold\":3}"));
        try {
            realm.startAs("speaker", "login_hint", "alice", "binding_message", "PAGE-STEP", "acr_values", "silver");
            String app = realm.appToken("alice", true);
            String id = realm.pendingId(app, "PAGE-STEP");
            Browser browser = realm.signedInToApprovalPage("alice");
            assertThat(browser.last().body()).contains("approvals/step-up/" + id);
            HttpResponse<String> stepUp = Http.get(browser.http(), realm.approvalPage() + "/step-up/" + id);
            assertThat(Http.urlParams(stepUp.headers().firstValue("Location").orElseThrow())).containsEntry("acr_values", "gold");
            realm.appPost(app, "/requests/" + id + "/deny");
        } finally {
            realm.clientAttributes("speaker", Map.of("acr.loa.map", ""));
            realm.realmAttributes(Map.of("acr.loa.map", ""));
        }
    }

    /** The profile file from the fapi-client-policies JAR installed in the server's providers/ folder. */
    private static JsonNode shippedProfiles(FapiKit kit) throws IOException {
        try (Stream<Path> jars = Files.list(kit.server().home().resolve("providers"))) {
            Path jar = jars.filter(p -> p.getFileName().toString().startsWith("fapi-kit-fapi-client-policies")).findFirst().orElseThrow();
            try (JarFile j = new JarFile(jar.toFile()); InputStream in = j.getInputStream(j.getEntry("fapi-kit-client-profiles.json"))) {
                return Http.JSON.readTree(in);
            }
        }
    }

    private static String loginAction(String page) {
        Matcher m = LOGIN_ACTION.matcher(page);
        assertThat(m.find()).as("login form").isTrue();
        return m.group(1).replace("&amp;", "&");
    }

}
