package dev.fapikit.it.ciba;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.Map;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jwt.JWTClaimsSet;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import dev.fapikit.it.harness.ClientCert;
import dev.fapikit.it.harness.FapiKit;
import dev.fapikit.it.harness.FapiKitServer;
import dev.fapikit.it.harness.Http;
import dev.fapikit.it.harness.Jose;
import dev.fapikit.it.harness.KeycloakServer;

/**
 * CIBA Core 1.0 §7.1 request parameters at FAPI Kit's backchannel authentication endpoint: the three user hints
 * (allowed per client), unknown users (§13 {@code unknown_user_id}), Unicode binding messages and requested_expiry.
 */
@FapiKitServer
class CibaHintsIT {

    private static CibaRealm realm;
    private static ClientCert speakerKey;

    @BeforeAll
    static void realm(FapiKit kit) {
        realm = CibaRealm.create(kit, "ciba-hints");
        // the key the speaker registered; it signs login_hint_tokens with it
        speakerKey = kit.pki().issueClient("ciba-hints-speaker", "CN=ciba-hints-speaker,O=FAPI Kit Dev");
        realm.clientAttributes("speaker", Map.of("jwt.credential.certificate", speakerKey.certificateBase64(), "use.jwks.url", "false"));
    }

    @AfterEach
    void freeSlots() {
        realm.denyAll("alice");
    }

    private static HttpResponse<String> request(String clientId, String... params) {
        Map<String, String> p = new LinkedHashMap<>(Http.params("scope", "openid"));
        p.putAll(Http.params(params));
        return realm.backchannel(clientId, p);
    }

    private static void assertRefused(HttpResponse<String> r, String error) {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(400);
        assertThat(Http.json(r).get("error").asText()).as(r.body()).isEqualTo(error);
    }

    private static void assertAcceptedForAlice(HttpResponse<String> r, String bindingMessage) {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        realm.pendingId(realm.appToken("alice", true), bindingMessage);
    }

    private static String loginHintToken(ClientCert key, Map<String, Object> subId, Instant exp) {
        return Jose.sign(key, JWSAlgorithm.PS256, new JWTClaimsSet.Builder().issuer("speaker")
                .audience(realm.issuer()).claim("sub_id", subId).expirationTime(Date.from(exp)).build());
    }

    @Nested
    @DisplayName("login_hint")
    class LoginHint {

        @ParameterizedTest
        @ValueSource(strings = {"alice", "alice@example.org"})
        @DisplayName("names the user by username or e-mail")
        void usernameOrEmail(String hint) {
            assertAcceptedForAlice(request("speaker", "login_hint", hint, "binding_message", "LH " + hint.length()), "LH " + hint.length());
        }

        @Test
        @DisplayName("naming no user is unknown_user_id")
        void unknownUser() {
            assertRefused(request("speaker", "login_hint", "nobody@example.org"), "unknown_user_id");
        }
    }

    @Nested
    @DisplayName("login_hint_token (RFC 9493 sub_id, signed with the client's registered key)")
    class LoginHintToken {

        @Test
        @DisplayName("email, iss_sub and opaque subject identifiers name the user")
        void subjectIdentifierFormats() {
            Instant exp = Instant.now().plusSeconds(60);
            String alice = realm.userId("alice");
            assertAcceptedForAlice(request("speaker", "binding_message", "LHT-EMAIL", "login_hint_token",
                    loginHintToken(speakerKey, Map.of("format", "email", "email", "alice@example.org"), exp)), "LHT-EMAIL");
            assertAcceptedForAlice(request("speaker", "binding_message", "LHT-ISS-SUB", "login_hint_token",
                    loginHintToken(speakerKey, Map.of("format", "iss_sub", "iss", realm.issuer(), "sub", alice), exp)), "LHT-ISS-SUB");
            assertAcceptedForAlice(request("speaker", "binding_message", "LHT-OPAQUE", "login_hint_token",
                    loginHintToken(speakerKey, Map.of("format", "opaque", "id", alice), exp)), "LHT-OPAQUE");
        }

        @Test
        @DisplayName("a token signed with a key the client did not register is invalid_request")
        void forgedTokenIsRefused(FapiKit kit) {
            ClientCert forger = kit.pki().issueClient("ciba-hints-forger", "CN=forger,O=FAPI Kit Dev");
            assertRefused(request("speaker", "login_hint_token", loginHintToken(forger,
                    Map.of("format", "email", "email", "alice@example.org"), Instant.now().plusSeconds(60))), "invalid_request");
        }

        @Test
        @DisplayName("an expired token is expired_login_hint_token")
        void expiredToken() {
            assertRefused(request("speaker", "login_hint_token", loginHintToken(speakerKey,
                    Map.of("format", "email", "email", "alice@example.org"), Instant.now().minusSeconds(30))), "expired_login_hint_token");
        }

        @Test
        @DisplayName("an iss_sub of another issuer, or an unknown e-mail, is unknown_user_id")
        void unknownSubjects() {
            Instant exp = Instant.now().plusSeconds(60);
            assertRefused(request("speaker", "login_hint_token", loginHintToken(speakerKey,
                    Map.of("format", "iss_sub", "iss", "https://other.example", "sub", realm.userId("alice")), exp)), "unknown_user_id");
            assertRefused(request("speaker", "login_hint_token", loginHintToken(speakerKey,
                    Map.of("format", "email", "email", "nobody@example.org"), exp)), "unknown_user_id");
        }

        @Test
        @DisplayName("an unsupported sub_id format is invalid_request")
        void unsupportedFormat() {
            assertRefused(request("speaker", "login_hint_token", loginHintToken(speakerKey,
                    Map.of("format", "did", "url", "did:example:1"), Instant.now().plusSeconds(60))), "invalid_request");
        }
    }

    @Nested
    @DisplayName("id_token_hint")
    class IdTokenHint {

        @Test
        @DisplayName("an ID token this realm issued to this client names its user")
        void ownIdToken() {
            String idToken = idTokenOf("speaker", "IDT-SOURCE");
            assertAcceptedForAlice(request("speaker", "id_token_hint", idToken, "binding_message", "IDT-OK"), "IDT-OK");
        }

        @Test
        @DisplayName("an ID token issued to another client is invalid_request")
        void idTokenOfAnotherClient() {
            String kioskToken = idTokenOf("kiosk", "IDT-KIOSK");
            assertRefused(request("speaker", "id_token_hint", kioskToken), "invalid_request");
        }

        @Test
        @DisplayName("an ID token of another realm is invalid_request")
        void idTokenOfAnotherRealm(FapiKit kit) {
            HttpResponse<String> master = Http.postForm(kit.http(null), kit.oidcUrl("master") + "/token", Http.params(
                    "grant_type", "password", "client_id", "admin-cli", "username", KeycloakServer.ADMIN_USER,
                    "password", KeycloakServer.ADMIN_PASSWORD, "scope", "openid"));
            String foreign = Http.json(master).path("id_token").asText(null);
            assertThat(foreign).as(master.body()).isNotNull();
            assertRefused(request("speaker", "id_token_hint", foreign), "invalid_request");
        }

        private String idTokenOf(String clientId, String bindingMessage) {
            String authReqId = realm.startAs(clientId, "login_hint", "alice", "binding_message", bindingMessage);
            return realm.approveAndPoll(clientId, authReqId, "alice", bindingMessage).get("id_token").asText();
        }
    }

    @Nested
    @DisplayName("exactly one allowed hint (CIBA Core §7.1)")
    class OneHint {

        @Test
        @DisplayName("two hints, or none, are invalid_request")
        void twoOrNone() {
            assertRefused(request("speaker", "login_hint", "alice", "login_hint_token", "x.y.z"), "invalid_request");
            assertRefused(request("speaker"), "invalid_request");
        }

        @Test
        @DisplayName("a hint type the client is not configured for is invalid_request")
        void notAllowedForClient() {
            String lht = loginHintToken(speakerKey, Map.of("format", "email", "email", "alice@example.org"), Instant.now().plusSeconds(60));
            HttpResponse<String> r = request("kiosk", "login_hint_token", lht);
            assertRefused(r, "invalid_request");
            assertThat(Http.json(r).get("error_description").asText()).contains("login_hint_token");
        }
    }

    @Nested
    @DisplayName("binding_message and requested_expiry")
    class Parameters {

        @Test
        @DisplayName("printable Unicode with spaces is accepted and shown unchanged")
        void unicodeBindingMessage() {
            assertAcceptedForAlice(request("speaker", "login_hint", "alice", "binding_message", "Zahlung 12,50 € an Bäckerei"),
                    "Zahlung 12,50 € an Bäckerei");
        }

        @ParameterizedTest
        @ValueSource(strings = {"line\nbreak", "tab\there", "rtl \u202Eevil", "012345678901234567890123456789012345678901234567891"})
        @DisplayName("control characters, bidi overrides and more than 50 characters are invalid_binding_message")
        void invalidBindingMessage(String message) {
            assertRefused(request("speaker", "login_hint", "alice", "binding_message", message), "invalid_binding_message");
        }

        @Test
        @DisplayName("requested_expiry sets expires_in, is capped by the server maximum, and must be a positive integer")
        void requestedExpiry() {
            assertThat(Http.json(request("speaker", "login_hint", "alice", "requested_expiry", "30")).get("expires_in").asInt()).isEqualTo(30);
            assertThat(Http.json(request("speaker", "login_hint", "alice", "requested_expiry", "86400")).get("expires_in").asInt()).isEqualTo(600);
            assertRefused(request("speaker", "login_hint", "alice", "requested_expiry", "0"), "invalid_request");
            assertRefused(request("speaker", "login_hint", "alice", "requested_expiry", "soon"), "invalid_request");
        }
    }
}
