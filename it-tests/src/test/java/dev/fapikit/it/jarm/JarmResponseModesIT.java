package dev.fapikit.it.jarm;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.text.ParseException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.nimbusds.jose.EncryptionMethod;
import com.nimbusds.jose.JWEAlgorithm;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import dev.fapikit.it.harness.Browser;
import dev.fapikit.it.harness.FapiKit;
import dev.fapikit.it.harness.FapiKitServer;
import dev.fapikit.it.harness.Http;
import dev.fapikit.it.harness.Jose;
import dev.fapikit.it.jarm.JarmResponse.Channel;

/**
 * JARM on a realm whose policy holds {@code fapi-kit-secure-response-type}, {@code fapi-kit-jarm-encryption} and
 * {@code fapi-kit-jarm-required}: {@code response_type=code} in each of the four JWT response modes (JARM §2.3),
 * signed only and signed then encrypted (§2.2), success and error, each response checked as a strict client would;
 * plain response modes refused with {@code invalid_request} delivered as JARM; the §3 {@code enc} default.
 */
@FapiKitServer
class JarmResponseModesIT {

    private static final String REDIRECT = "https://client.example.test/cb";
    private static final String SIGNED = "jarm-signed";
    private static final String ENCRYPTED = "jarm-encrypted";
    private static final String IMPORTED = "jarm-imported";
    private static final String IMPORTED_FIRST_ERROR = "jarm-imported-first-error";
    private static final JWEAlgorithm KEY_ALG = JWEAlgorithm.RSA_OAEP;

    /** The encryption key of each client that registered one. */
    private static final Map<String, RSAKey> KEYS = Map.of(ENCRYPTED, ClientJwt.encryptionKey(KEY_ALG),
            IMPORTED, ClientJwt.encryptionKey(KEY_ALG), IMPORTED_FIRST_ERROR, ClientJwt.encryptionKey(KEY_ALG));

    private static String realm;
    private static String issuer;

    @BeforeAll
    static void realm(FapiKit kit) {
        // imported with the realm: no client policy sees it registered, so the executors configure it at its first request
        realm = JarmRealm.importRealm(kit, "jarm-realm.json", "jarm",
                JarmRealm.client(IMPORTED, REDIRECT, encryptedClientAttributes(KEYS.get(IMPORTED))),
                JarmRealm.client(IMPORTED_FIRST_ERROR, REDIRECT, encryptedClientAttributes(KEYS.get(IMPORTED_FIRST_ERROR))));
        issuer = kit.realmUrl(realm);
        register(kit, JarmRealm.client(SIGNED, REDIRECT, signedClientAttributes()));
        register(kit, JarmRealm.client(ENCRYPTED, REDIRECT, encryptedClientAttributes(KEYS.get(ENCRYPTED))));
    }

    private static Map<String, String> signedClientAttributes() {
        // FAPI 1.0 Advanced §5.2.2-2 (secure-response-type's registration check): detached ID token signature
        return Map.of("authorization.signed.response.alg", "PS256", "id.token.as.detached.signature", "true");
    }

    /** JARM §3: an encryption alg without enc. */
    private static Map<String, String> encryptedClientAttributes(RSAKey key) {
        Map<String, String> attributes = new LinkedHashMap<>(signedClientAttributes());
        attributes.putAll(JarmRealm.encryptionKeyAttributes(key));
        attributes.put("authorization.encrypted.response.alg", KEY_ALG.getName());
        return attributes;
    }

    private static void register(FapiKit kit, ObjectNode client) {
        HttpResponse<String> created = JarmRealm.register(kit, realm, client);
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    }

    static Stream<String> jwtModes() {
        return Stream.of("jwt", "query.jwt", "fragment.jwt", "form_post.jwt");
    }

    static Stream<Arguments> modesAndClients() {
        return Stream.of("jwt", "query.jwt", "fragment.jwt", "form_post.jwt")
                .flatMap(mode -> Stream.of(Arguments.of(mode, SIGNED), Arguments.of(mode, ENCRYPTED)));
    }

    @ParameterizedTest(name = "{0}, {1}")
    @MethodSource("modesAndClients")
    @DisplayName("success: the code arrives as a JARM JWT in the requested channel, with one iss, aud, exp, state")
    void success(String mode, String clientId, FapiKit kit) {
        String state = Jose.randomId();
        Browser browser = kit.browser();
        HttpResponse<String> response = browser.login(authorizationUrl(kit, clientId, mode, "openid", state), kit.baseUrl(),
                JarmRealm.USER, JarmRealm.PASSWORD);

        Map<String, Object> claims = receive(kit, response, clientId, channelOf(mode), state);
        // OIDC Session Management §3: Keycloak adds session_state beside the code
        assertThat(claims).containsKeys("code").containsOnlyKeys("iss", "aud", "exp", "state", "code", "session_state");
        assertThat((String) claims.get("code")).isNotBlank();
    }

    @ParameterizedTest(name = "{0}, {1}")
    @MethodSource("modesAndClients")
    @DisplayName("error: an unknown scope comes back as invalid_scope in a JARM JWT in the requested channel")
    void error(String mode, String clientId, FapiKit kit) {
        String state = Jose.randomId();
        HttpResponse<String> response = kit.browser().open(
                authorizationUrl(kit, clientId, mode, "openid no-such-scope", state), kit.baseUrl());

        Map<String, Object> claims = receive(kit, response, clientId, channelOf(mode), state);
        assertThat(claims).containsOnlyKeys("iss", "aud", "exp", "state", "error", "error_description");
        assertThat(claims.get("error")).isEqualTo("invalid_scope");
    }

    /**
     * Issue #17: a client under no client policy that keeps Keycloak's RFC 9207 {@code iss} parameter (Exclude Issuer
     * From Authentication Response off, the default) asks for a JWT response mode. RFC 7519 §4: each claim name once.
     */
    @Nested
    @TestInstance(TestInstance.Lifecycle.PER_CLASS)
    @DisplayName("without any client profile, a JARM response carries one iss")
    class WithoutProfile {

        private static final String PLAIN = "jarm-no-profile";
        private String plainRealm;

        @BeforeAll
        void realm(FapiKit kit) {
            plainRealm = JarmRealm.importRealmWithoutPolicies(kit, "jarm-realm.json", "jarm-plain",
                    JarmRealm.client(PLAIN, REDIRECT, Map.of("authorization.signed.response.alg", "PS256")));
        }

        @ParameterizedTest(name = "{0}")
        @MethodSource("dev.fapikit.it.jarm.JarmResponseModesIT#jwtModes")
        void oneIssuerClaim(String mode, FapiKit kit) {
            String state = Jose.randomId();
            String url = kit.oidcUrl(plainRealm) + "/auth?" + Http.form(Http.params("client_id", PLAIN,
                    "response_type", "code", "redirect_uri", REDIRECT, "scope", "openid", "state", state,
                    "nonce", Jose.randomId(), "response_mode", mode));
            HttpResponse<String> response = kit.browser().login(url, kit.baseUrl(), JarmRealm.USER, JarmRealm.PASSWORD);

            JarmResponse jarm = JarmResponse.of(response, REDIRECT);
            assertThat(jarm.channel()).isEqualTo(channelOf(mode));
            Jose.verify(kit, plainRealm, jarm.jwt());
            // strict parsing refuses a duplicate member name (RFC 7519 §4, RFC 8259 §4 "names SHOULD be unique")
            Map<String, Object> claims = ClientJwt.strictClaims(jarm.jwt());
            assertThat(claims.get("iss")).isEqualTo(kit.realmUrl(plainRealm));
            assertThat(claims.get("state")).isEqualTo(state);
            assertThat((String) claims.get("code")).isNotBlank();
        }
    }

    @Nested
    @TestInstance(TestInstance.Lifecycle.PER_CLASS)
    @DisplayName("JARM required (fapi-kit-jarm-required)")
    class JarmRequired {

        static Stream<Arguments> plainModes() {
            return Stream.of(
                    Arguments.of("query", Channel.QUERY, SIGNED), Arguments.of("fragment", Channel.FRAGMENT, SIGNED),
                    Arguments.of("form_post", Channel.FORM_POST, SIGNED), Arguments.of(null, Channel.QUERY, SIGNED),
                    Arguments.of("query", Channel.QUERY, ENCRYPTED), Arguments.of("fragment", Channel.FRAGMENT, ENCRYPTED));
        }

        @ParameterizedTest(name = "response_mode={0} → {1}.jwt, {2}")
        @MethodSource("plainModes")
        @DisplayName("a plain response mode is refused with invalid_request, delivered as JARM in the same channel")
        void plainModeRefused(String mode, Channel channel, String clientId, FapiKit kit) {
            String state = Jose.randomId();
            HttpResponse<String> response = kit.browser().open(authorizationUrl(kit, clientId, mode, "openid", state),
                    kit.baseUrl());

            Map<String, Object> claims = receive(kit, response, clientId, channel, state);
            assertThat(claims).containsOnlyKeys("iss", "aud", "exp", "state", "error", "error_description");
            assertThat(claims.get("error")).isEqualTo("invalid_request");
            assertThat((String) claims.get("error_description")).contains("response_mode");
        }

        @Test
        @DisplayName("a pushed authorization request with a plain response mode is refused with invalid_request")
        void plainModeRefusedAtPar(FapiKit kit) {
            HttpResponse<String> par = Http.postForm(kit.http(null), kit.oidcUrl(realm) + "/ext/par/request",
                    Http.params("client_id", SIGNED, "client_secret", JarmRealm.secret(SIGNED), "response_type", "code",
                            "response_mode", "query", "redirect_uri", REDIRECT, "scope", "openid",
                            "state", Jose.randomId()));
            assertThat(par.statusCode()).as(par.body()).isEqualTo(400);
            assertThat(Http.json(par).get("error").asText()).isEqualTo("invalid_request");
        }

        @Test
        @DisplayName("a pushed request in form_post.jwt is accepted and answered as JARM (RFC 9126 + JARM §2.3.3)")
        void jarmModeAcceptedAtPar(FapiKit kit) {
            String state = Jose.randomId();
            HttpResponse<String> par = Http.postForm(kit.http(null), kit.oidcUrl(realm) + "/ext/par/request",
                    Http.params("client_id", ENCRYPTED, "client_secret", JarmRealm.secret(ENCRYPTED), "response_type", "code",
                            "response_mode", "form_post.jwt", "redirect_uri", REDIRECT, "scope", "openid", "state", state,
                            "nonce", Jose.randomId()));
            assertThat(par.statusCode()).as(par.body()).isEqualTo(201);
            HttpResponse<String> response = kit.browser().login(kit.oidcUrl(realm) + "/auth?client_id=" + ENCRYPTED
                    + "&request_uri=" + Http.enc(Http.json(par).get("request_uri").asText()), kit.baseUrl(),
                    JarmRealm.USER, JarmRealm.PASSWORD);
            assertThat(receive(kit, response, ENCRYPTED, Channel.FORM_POST, state)).containsKey("code");
        }

        @Test
        @DisplayName("an update that brings the separate iss parameter back is auto-configured to leave it out again")
        void updateKeepsIssuerParameterExcluded(FapiKit kit) {
            String clientId = "jarm-updated";
            HttpResponse<String> created = JarmRealm.register(kit, realm, JarmRealm.client(clientId, REDIRECT, signedClientAttributes()));
            assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
            ObjectNode client = (ObjectNode)
                    JarmRealm.stored(kit, realm, clientId);
            ((ObjectNode) client.get("attributes")).put("exclude.issuer.from.auth.response", "false");
            HttpResponse<String> updated = kit.admin().put("realms/" + realm + "/clients/" + client.get("id").asText(), client);
            assertThat(updated.statusCode()).as(updated.body()).isEqualTo(204);
            assertThat(JarmRealm.stored(kit, realm, clientId).get("attributes").get("exclude.issuer.from.auth.response").asText())
                    .isEqualTo("true");
        }

        @Test
        @DisplayName("registration sets exclude.issuer.from.auth.response, so that iss is only the JWT's own claim")
        void registrationExcludesIssuerParameter(FapiKit kit) {
            JsonNode client = JarmRealm.stored(kit, realm, SIGNED);
            assertThat(client.get("attributes").get("exclude.issuer.from.auth.response").asText()).isEqualTo("true");
        }
    }

    @Nested
    @TestInstance(TestInstance.Lifecycle.PER_CLASS)
    @DisplayName("JARM encryption metadata (fapi-kit-jarm-encryption)")
    class Encryption {

        @Test
        @DisplayName("registration with alg and no enc stores the JARM §3 default A128CBC-HS256")
        void registrationFillsDefaultEnc(FapiKit kit) {
            JsonNode client = JarmRealm.stored(kit, realm, ENCRYPTED);
            assertThat(client.get("attributes").get("authorization.encrypted.response.enc").asText())
                    .isEqualTo("A128CBC-HS256");
        }

        @Test
        @DisplayName("a client imported with alg and no enc gets A128CBC-HS256-encrypted responses with one iss")
        void importedClientGetsDefaultEnc(FapiKit kit) {
            String state = Jose.randomId();
            HttpResponse<String> response = kit.browser().login(authorizationUrl(kit, IMPORTED, "query.jwt", "openid", state),
                    kit.baseUrl(), JarmRealm.USER, JarmRealm.PASSWORD);
            Map<String, Object> claims = receive(kit, response, IMPORTED, Channel.QUERY, state);
            assertThat(claims).containsKey("code");
        }

        @Test
        @DisplayName("an imported client's first request, refused by Keycloak's own checks, is answered encrypted with one iss")
        void importedClientFirstErrorIsEncrypted(FapiKit kit) {
            String state = Jose.randomId();
            HttpResponse<String> response = kit.browser().open(
                    authorizationUrl(kit, IMPORTED_FIRST_ERROR, "fragment.jwt", "openid no-such-scope", state), kit.baseUrl());
            Map<String, Object> claims = receive(kit, response, IMPORTED_FIRST_ERROR, Channel.FRAGMENT, state);
            assertThat(claims.get("error")).isEqualTo("invalid_scope");
        }

        static Stream<Arguments> inconsistentMetadata() {
            return Stream.of(
                    Arguments.of("enc without alg", Map.of("authorization.encrypted.response.enc", "A128CBC-HS256")),
                    Arguments.of("an alg the server does not support", Map.of("authorization.encrypted.response.alg", "RSA-OAEP-999")),
                    Arguments.of("an enc the server does not support", Map.of("authorization.encrypted.response.alg", "RSA-OAEP",
                            "authorization.encrypted.response.enc", "A999GCM")));
        }

        @ParameterizedTest(name = "{0}")
        @MethodSource("inconsistentMetadata")
        @DisplayName("inconsistent encryption metadata is refused at registration with invalid_client_metadata")
        void inconsistentMetadataRefused(String what, Map<String, String> encryption, FapiKit kit) {
            Map<String, String> attributes = new LinkedHashMap<>(encryption);
            attributes.put("id.token.as.detached.signature", "true");
            HttpResponse<String> created = JarmRealm.register(kit, realm,
                    JarmRealm.client("jarm-refused-" + Jose.randomId().substring(0, 6), REDIRECT, attributes));
            assertThat(created.statusCode()).as(created.body()).isEqualTo(400);
            assertThat(Http.json(created).get("error").asText()).isEqualTo("invalid_client_metadata");
        }
    }

    private static String authorizationUrl(FapiKit kit, String clientId, String mode, String scope, String state) {
        Map<String, String> params = new LinkedHashMap<>(Http.params("client_id", clientId, "response_type", "code",
                "redirect_uri", REDIRECT, "scope", scope, "state", state, "nonce", Jose.randomId()));
        if (mode != null) {
            params.put("response_mode", mode);
        }
        return kit.oidcUrl(realm) + "/auth?" + Http.form(params);
    }

    /** JARM §2.3.4: for response_type=code, {@code jwt} means {@code query.jwt}. */
    private static Channel channelOf(String mode) {
        return switch (mode) {
            case "jwt", "query.jwt" -> Channel.QUERY;
            case "fragment.jwt" -> Channel.FRAGMENT;
            case "form_post.jwt" -> Channel.FORM_POST;
            default -> throw new IllegalArgumentException(mode);
        };
    }

    /**
     * What the client does with the response: decrypts it when it registered an encryption key (JARM §2.2), verifies
     * it with the realm's keys, parses the payload strictly and checks JARM §2.1's iss, aud, exp and the state.
     */
    private static Map<String, Object> receive(FapiKit kit, HttpResponse<String> response, String clientId,
            Channel channel, String state) {
        JarmResponse jarm = JarmResponse.of(response, REDIRECT);
        assertThat(jarm.channel()).isEqualTo(channel);
        RSAKey key = KEYS.get(clientId);
        // JARM §3: the alg was registered without enc, so enc is A128CBC-HS256
        String jws = key == null ? jarm.jwt() : ClientJwt.decrypt(jarm.jwt(), key, KEY_ALG, EncryptionMethod.A128CBC_HS256);
        JWTClaimsSet verified = Jose.verify(kit, realm, jws);
        try {
            assertThat(SignedJWT.parse(jws).getHeader().getAlgorithm()).isEqualTo(JWSAlgorithm.PS256);
        } catch (ParseException e) {
            throw new AssertionError(e);
        }
        assertThat(verified.getIssuer()).isEqualTo(issuer);
        Map<String, Object> claims = ClientJwt.strictClaims(jws);
        assertThat(claims.get("iss")).isEqualTo(issuer);
        // JARM §4.1 / RFC 7519 §4.1.3: one audience, the client; Keycloak writes a single aud as a string (StringOrArraySerializer)
        assertThat(claims.get("aud")).isEqualTo(clientId);
        assertThat(((Number) claims.get("exp")).longValue()).isGreaterThan(Instant.now().getEpochSecond());
        assertThat(claims.get("state")).isEqualTo(state);
        return claims;
    }
}
