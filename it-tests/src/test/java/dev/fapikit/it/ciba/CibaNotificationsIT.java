package dev.fapikit.it.ciba;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.net.http.HttpResponse;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import dev.fapikit.it.harness.Browser;
import dev.fapikit.it.harness.FapiKit;
import dev.fapikit.it.harness.FapiKitServer;
import dev.fapikit.it.harness.Http;
import dev.fapikit.it.harness.Jose;

/**
 * How FAPI Kit's authentication device tells the user about a CIBA request, per realm: e-mail through the realm's SMTP
 * settings with a link to the approval page, and a webhook JWS signed with the realm key. With no channel the request
 * is refused at once.
 */
@FapiKitServer
class CibaNotificationsIT {

    private static CibaRealm realm;

    @BeforeAll
    static void realm(FapiKit kit) {
        realm = CibaRealm.create(kit, "ciba-notify");
    }

    @AfterEach
    void reset() {
        realm.realmAttributes(Map.of("fapi-kit-ciba-channels", "app", "fapi-kit-ciba-webhook-url", ""));
        realm.denyAll("alice");
    }

    @Test
    @DisplayName("e-mail: the realm's SMTP server receives the notification, and its link opens the approval page")
    void emailWithApprovalLink(FapiKit kit) throws Exception {
        try (SmtpReceiver smtp = new SmtpReceiver()) {
            realm.realmSettings(Map.of("smtpServer", Map.of("host", "127.0.0.1", "port", String.valueOf(smtp.port()),
                    "from", "ciba@example.org", "auth", "false", "ssl", "false", "starttls", "false")));
            realm.realmAttributes(Map.of("fapi-kit-ciba-channels", "email"));

            realm.startAs("speaker", "login_hint", "alice", "binding_message", "MAIL-1");

            String mail = unfoldQuotedPrintable(smtp.await(1, 10).get(0));
            assertThat(mail).contains("To: alice@example.org").contains("Kitchen Speaker").contains("MAIL-1");
            Matcher link = Pattern.compile("(https://\\S+/fapi-kit-ciba/approvals)").matcher(mail);
            assertThat(link.find()).as(mail).isTrue();
            assertThat(link.group(1)).isEqualTo(realm.approvalPage());

            Browser browser = kit.browser();
            browser.open(link.group(1), kit.baseUrl());
            browser.submit("login-actions/authenticate", Map.of("username", "alice", "password", "alice-pw"), kit.baseUrl());
            assertThat(browser.last().body()).contains("MAIL-1");
        }
    }

    @Test
    @DisplayName("webhook: an https receiver gets a JWS that verifies against the realm JWKS and describes the request")
    void webhookJwsVerifiesAgainstRealmJwks(FapiKit kit) throws Exception {
        assumeLoopbackAllowListed(kit);
        try (HttpsReceiver receiver = new HttpsReceiver(kit)) {
            realm.realmAttributes(Map.of("fapi-kit-ciba-channels", "webhook", "fapi-kit-ciba-webhook-url", receiver.url("/push")));
            realm.startAs("speaker", "login_hint", "alice", "binding_message", "HOOK-1");

            HttpsReceiver.Received hook = receiver.await(1, 10).get(0);
            assertThat(hook.header("Content-Type")).isEqualTo("application/jwt");
            assertThat(SignedJWT.parse(hook.body()).getHeader().getType().toString()).isEqualTo("fapi-kit-ciba-notification+jwt");
            JWTClaimsSet claims = Jose.verify(kit, realm.name, hook.body());
            assertThat(claims.getIssuer()).isEqualTo(realm.issuer());
            assertThat(claims.getAudience()).containsExactly(receiver.url("/push"));
            assertThat(claims.getSubject()).isEqualTo(realm.userId("alice"));
            assertThat(claims.getStringClaim("binding_message")).isEqualTo("HOOK-1");
            assertThat(claims.getStringClaim("client_id")).isEqualTo("speaker");
            assertThat(claims.getStringClaim("approval_uri")).isEqualTo(realm.approvalPage());
            assertThat(claims.getStringClaim("auth_result_id")).isEqualTo(realm.pendingId(realm.appToken("alice", true), "HOOK-1"));
        }
    }

    @Test
    @DisplayName("webhook answering with a redirect: the redirect is not followed and the request is refused")
    void webhookRedirectIsNotFollowed(FapiKit kit) throws Exception {
        assumeLoopbackAllowListed(kit);
        try (HttpsReceiver receiver = new HttpsReceiver(kit, 302)) {
            realm.realmAttributes(Map.of("fapi-kit-ciba-channels", "webhook", "fapi-kit-ciba-webhook-url", receiver.url("/push")));
            HttpResponse<String> r = realm.backchannel("speaker", Http.params("scope", "openid", "login_hint", "alice", "binding_message", "HOOK-302"));
            assertThat(r.statusCode()).isEqualTo(503);
            assertThat(receiver.received()).extracting(HttpsReceiver.Received::path).containsExactly("/push");
        }
    }

    @Test
    @DisplayName("webhook on a private address: refused without a connection, so the request is refused")
    void webhookOnPrivateAddressIsRefused() {
        realm.realmAttributes(Map.of("fapi-kit-ciba-channels", "webhook", "fapi-kit-ciba-webhook-url", "https://10.20.30.40/push"));
        HttpResponse<String> r = realm.backchannel("speaker", Http.params("scope", "openid", "login_hint", "alice", "binding_message", "HOOK-PRIVATE"));
        assertThat(r.statusCode()).isEqualTo(503);
        assertThat(Http.json(r).get("error").asText()).isEqualTo("server_error");
        assertThat(realm.appGet(realm.appToken("alice", true), "/requests").body()).doesNotContain("HOOK-PRIVATE");
    }

    @Test
    @DisplayName("no notification channel: the request is refused at once with access_denied naming the setting")
    void noChannelIsRefused() {
        realm.realmAttributes(Map.of("fapi-kit-ciba-channels", ""));
        HttpResponse<String> r = realm.backchannel("speaker", Http.params("scope", "openid", "login_hint", "alice"));
        assertThat(r.statusCode()).isEqualTo(403);
        assertThat(Http.json(r).get("error").asText()).isEqualTo("access_denied");
        assertThat(Http.json(r).get("error_description").asText()).contains("fapi-kit-ciba-channels");
    }

    // The test receivers listen on loopback, which the webhook refuses unless the server allow-lists it.
    private static void assumeLoopbackAllowListed(FapiKit kit) {
        JsonNode channel = kit.admin().get("serverinfo").get("providers").get("fapi-kit-ciba-delivery").get("providers").get("default");
        assumeThat(channel.path("operationalInfo").path("webhook-allowed-hosts").asText())
                .as("server option --spi-fapi-kit-ciba-delivery--default--webhook-allowed-hosts=localhost lets the test receiver on loopback through")
                .contains("localhost");
    }

    private static String unfoldQuotedPrintable(String mail) {
        return mail.replace("=\n", "").replace("=3D", "=");
    }
}
