package dev.fapikit.it.jarm;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.text.ParseException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.nimbusds.jose.EncryptionMethod;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWEAlgorithm;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import dev.fapikit.it.KeycloakAnswers;
import dev.fapikit.it.harness.FapiKit;
import dev.fapikit.it.harness.FapiKitServer;
import dev.fapikit.it.harness.Http;
import dev.fapikit.it.harness.Jose;

/**
 * RFC 9701 JWT responses from the introspection endpoint: a resource server that asks with
 * {@code Accept: application/token-introspection+jwt} gets a JWT signed per its {@code introspection_signed_response_alg}
 * and, when set, encrypted per {@code introspection_encrypted_response_alg}/{@code enc}; one that does not ask gets the
 * RFC 7662 JSON response.
 */
@FapiKitServer
class JwtIntrospectionIT {

    private static final String JWT_TYPE = "application/token-introspection+jwt";
    private static final String APP = "app";
    private static final String RS_JSON = "rs-json";
    private static final String RS_SIGNED = "rs-signed";
    private static final String RS_ENCRYPTED = "rs-encrypted";
    private static final String RS_ENCRYPTED_GCM = "rs-encrypted-gcm";
    private static final String RS_NO_KEY = "rs-no-key";
    private static final String RS_GOVERNED = "rs-governed";
    private static final String GOVERNED_ROLE = "fapi-governed";
    private static final RSAKey RS_ENCRYPTED_KEY = ClientJwt.encryptionKey(JWEAlgorithm.RSA_OAEP);
    private static final RSAKey RS_ENCRYPTED_GCM_KEY = ClientJwt.encryptionKey(JWEAlgorithm.RSA_OAEP);

    private static String realm;
    private static String issuer;

    @BeforeAll
    static void realm(FapiKit kit) {
        realm = JarmRealm.importRealm(kit, "introspection-realm.json", "introspection",
                resourceServer(RS_ENCRYPTED, RS_ENCRYPTED_KEY, Map.of()),
                resourceServer(RS_ENCRYPTED_GCM, RS_ENCRYPTED_GCM_KEY, Map.of("introspection.encrypted.response.enc", "A256GCM")),
                resourceServer(RS_NO_KEY, null, Map.of()), governedResourceServer());
        issuer = kit.realmUrl(realm);
        // a policy for the clients with the role: the FAPI signature-algorithm executor, default PS256
        assertThat(kit.admin().put("realms/" + realm + "/client-policies/profiles", Map.of("profiles", List.of(Map.of(
                "name", "fapi-algorithms", "executors", List.of(Map.of("executor", "fapi-kit-signature-algorithm",
                        "configuration", Map.of("default-algorithm", "PS256")))))))
                .statusCode()).isEqualTo(204);
        assertThat(kit.admin().put("realms/" + realm + "/client-policies/policies", Map.of("policies", List.of(Map.of(
                "name", "fapi-algorithms", "enabled", true, "conditions", List.of(Map.of("condition", "client-roles",
                        "configuration", Map.of("roles", List.of(GOVERNED_ROLE)))),
                "profiles", List.of("fapi-algorithms"))))).statusCode()).isEqualTo(204);
    }

    /** A resource server without introspection metadata that holds the role the realm's FAPI policy applies to. */
    private static ObjectNode governedResourceServer() {
        ObjectNode client = JarmRealm.client(RS_GOVERNED, "https://rs.example.test/unused", Map.of());
        client.put("standardFlowEnabled", false);
        return client;
    }

    /** RFC 9701 §6: PS256-signed, then encrypted with RSA-OAEP to the key the client registers. */
    private static ObjectNode resourceServer(String clientId, RSAKey key, Map<String, String> more) {
        Map<String, String> attributes = new LinkedHashMap<>(key == null ? Map.of() : JarmRealm.encryptionKeyAttributes(key));
        attributes.put("introspection.signed.response.alg", "PS256");
        attributes.put("introspection.encrypted.response.alg", "RSA-OAEP");
        attributes.putAll(more);
        ObjectNode client = JarmRealm.client(clientId, "https://rs.example.test/unused", attributes);
        client.put("standardFlowEnabled", false);
        client.put("secret", JarmRealm.secret(clientId));
        return client;
    }

    @Test
    @DisplayName("discovery advertises the RFC 9701 §7 signing and encryption algorithms")
    void discovery(FapiKit kit) {
        for (String doc : new String[] {"/.well-known/openid-configuration", "/.well-known/oauth-authorization-server"}) {
            JsonNode metadata = Http.json(Http.get(kit.http(null), issuer + doc));
            // the realm's FAPI policy (fapi-algorithms) allows PS256 and ES256: the lists name exactly those
            assertThat(texts(metadata.get("introspection_signing_alg_values_supported"))).as(doc)
                    .containsExactlyInAnyOrder("PS256", "ES256");
            assertThat(texts(metadata.get("introspection_encryption_alg_values_supported"))).as(doc).contains("RSA-OAEP", "RSA-OAEP-256");
            assertThat(texts(metadata.get("introspection_encryption_enc_values_supported"))).as(doc).contains("A128CBC-HS256", "A256GCM");
        }
    }

    @Test
    @DisplayName("signed: an active access token answers as a PS256 token-introspection+jwt with iss, aud, iat")
    void signedActive(FapiKit kit) {
        String accessToken = tokens(kit).get("access_token").asText();
        JWTClaimsSet claims = signedResponse(kit, introspect(kit, RS_SIGNED, accessToken, null, JWT_TYPE),
                RS_SIGNED, JWSAlgorithm.PS256);
        Map<String, Object> introspection = introspection(claims);
        assertThat(introspection).containsEntry("active", true).containsEntry("client_id", APP)
                .containsEntry("username", JarmRealm.USER);
    }

    @Test
    @DisplayName("signed: a revoked access token answers as a JWT with active false")
    void signedInactive(FapiKit kit) {
        String accessToken = tokens(kit).get("access_token").asText();
        HttpResponse<String> revoked = Http.postForm(kit.http(null), kit.oidcUrl(realm) + "/revoke", Http.params(
                "client_id", APP, "client_secret", JarmRealm.secret(APP), "token", accessToken,
                "token_type_hint", "access_token"));
        assertThat(revoked.statusCode()).as(revoked.body()).isEqualTo(200);

        JWTClaimsSet claims = signedResponse(kit, introspect(kit, RS_SIGNED, accessToken, null, JWT_TYPE),
                RS_SIGNED, JWSAlgorithm.PS256);
        assertThat(introspection(claims)).containsExactly(Map.entry("active", false));
    }

    @Test
    @DisplayName("signed: a token that is no token answers as a JWT with active false")
    void signedGarbage(FapiKit kit) {
        JWTClaimsSet claims = signedResponse(kit, introspect(kit, RS_SIGNED, "not-a-token", null, JWT_TYPE),
                RS_SIGNED, JWSAlgorithm.PS256);
        assertThat(introspection(claims)).containsEntry("active", false);
    }

    @Test
    @DisplayName("signed: the client's own refresh token (token_type_hint=refresh_token) answers as a JWT too")
    void signedRefreshToken(FapiKit kit) {
        String refreshToken = tokens(kit).get("refresh_token").asText();
        JWTClaimsSet claims = signedResponse(kit, introspect(kit, APP, refreshToken, "refresh_token", JWT_TYPE),
                APP, JWSAlgorithm.PS256);
        assertThat(introspection(claims)).containsEntry("active", true).containsEntry("client_id", APP);
    }

    @Test
    @DisplayName("no introspection_signed_response_alg, no policy for the client, realm metadata without RS256: PS256, not RFC 9701 §6's RS256")
    void defaultAlgorithm(FapiKit kit) {
        String accessToken = tokens(kit).get("access_token").asText();
        JWTClaimsSet claims = signedResponse(kit, introspect(kit, RS_JSON, accessToken, null, JWT_TYPE),
                RS_JSON, JWSAlgorithm.PS256);
        assertThat(introspection(claims)).containsEntry("active", true);
    }

    @Test
    @DisplayName("no introspection_signed_response_alg, client under a FAPI policy: the policy's algorithm (PS256), not RS256")
    void governedClientGetsPolicyDefault(FapiKit kit) {
        String id = JarmRealm.stored(kit, realm, RS_GOVERNED).get("id").asText();
        HttpResponse<String> role = kit.admin().post("realms/" + realm + "/clients/" + id + "/roles", Map.of("name", GOVERNED_ROLE));
        assertThat(role.statusCode()).as(role.body()).isEqualTo(201);
        String accessToken = tokens(kit).get("access_token").asText();

        // RFC 9701 §6 + FAPI 1.0 Part 2 §8.6: an algorithm the metadata lists and the client's profile allows
        JWTClaimsSet claims = signedResponse(kit, introspect(kit, RS_GOVERNED, accessToken, null, JWT_TYPE),
                RS_GOVERNED, JWSAlgorithm.PS256);
        assertThat(introspection(claims)).containsKey("active");
    }

    @Test
    @DisplayName("encrypted: alg without enc decrypts with A128CBC-HS256 (RFC 9701 §6 default), active and inactive")
    void encryptedDefaultEnc(FapiKit kit) {
        String accessToken = tokens(kit).get("access_token").asText();
        HttpResponse<String> active = introspect(kit, RS_ENCRYPTED, accessToken, null, JWT_TYPE);
        assertJwtMediaType(active);
        String jws = ClientJwt.decrypt(active.body(), RS_ENCRYPTED_KEY, JWEAlgorithm.RSA_OAEP, EncryptionMethod.A128CBC_HS256);
        assertThat(introspection(verifySigned(kit, jws, RS_ENCRYPTED, JWSAlgorithm.PS256))).containsEntry("active", true);

        HttpResponse<String> inactive = introspect(kit, RS_ENCRYPTED, "not-a-token", null, JWT_TYPE);
        String inactiveJws = ClientJwt.decrypt(inactive.body(), RS_ENCRYPTED_KEY, JWEAlgorithm.RSA_OAEP,
                EncryptionMethod.A128CBC_HS256);
        assertThat(introspection(verifySigned(kit, inactiveJws, RS_ENCRYPTED, JWSAlgorithm.PS256))).containsEntry("active", false);
    }

    @Test
    @DisplayName("encrypted: the registered enc A256GCM is used")
    void encryptedRegisteredEnc(FapiKit kit) {
        String accessToken = tokens(kit).get("access_token").asText();
        HttpResponse<String> response = introspect(kit, RS_ENCRYPTED_GCM, accessToken, null, JWT_TYPE);
        assertJwtMediaType(response);
        String jws = ClientJwt.decrypt(response.body(), RS_ENCRYPTED_GCM_KEY, JWEAlgorithm.RSA_OAEP, EncryptionMethod.A256GCM);
        assertThat(introspection(verifySigned(kit, jws, RS_ENCRYPTED_GCM, JWSAlgorithm.PS256))).containsEntry("active", true);
    }

    @Test
    @DisplayName("encryption asked for but no key registered: invalid_request, not the response in the clear")
    void encryptionWithoutKeyRefused(FapiKit kit) {
        String accessToken = tokens(kit).get("access_token").asText();
        HttpResponse<String> response = introspect(kit, RS_NO_KEY, accessToken, null, JWT_TYPE);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
        assertThat(Http.json(response).get("error").asText()).isEqualTo("invalid_request");
        assertThat(Http.json(response).get("error_description").asText()).contains("encryption key");
    }

    @ParameterizedTest(name = "Accept: {0}")
    @ValueSource(strings = {"", "application/json", "*/*"})
    @DisplayName("a client that does not ask for a JWT gets RFC 7662 JSON, even with RFC 9701 metadata")
    void jsonWhenNotAsked(String accept, FapiKit kit) {
        String accessToken = tokens(kit).get("access_token").asText();
        for (String rs : new String[] {RS_JSON, RS_SIGNED, RS_ENCRYPTED}) {
            HttpResponse<String> response = introspect(kit, rs, accessToken, null, accept.isEmpty() ? null : accept);
            assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
            assertThat(response.headers().firstValue("Content-Type").orElseThrow()).as(rs).startsWith("application/json");
            JsonNode json = Http.json(response);
            assertThat(json.get("active").asBoolean()).as(rs).isTrue();
            assertThat(json.get("client_id").asText()).isEqualTo(APP);
        }
    }

    @Test
    @DisplayName("dynamic registration: the RFC 9701 §6 metadata is stored, echoed, and used for the introspection response")
    void registeredByDcr(FapiKit kit) {
        Map<String, Object> metadata = new LinkedHashMap<>(Map.of("client_name", "rs-dcr", "grant_types", List.of("client_credentials"),
                "token_endpoint_auth_method", "client_secret_post", "introspection_signed_response_alg", "PS256"));
        HttpResponse<String> registered = register(kit, metadata);
        assertThat(registered.statusCode()).as(registered.body()).isEqualTo(201);
        JsonNode client = Http.json(registered);
        assertThat(client.path("introspection_signed_response_alg").asText()).isEqualTo("PS256");
        String clientId = client.get("client_id").asText();

        // RFC 7592 §2.1: the client's read also returns it
        HttpResponse<String> read = Http.send(kit.http(null), HttpRequest.newBuilder(URI.create(client.get("registration_client_uri").asText()))
                .header("Authorization", "Bearer " + client.get("registration_access_token").asText()).GET().build());
        assertThat(Http.json(read).path("introspection_signed_response_alg").asText()).as(read.body()).isEqualTo("PS256");

        HttpRequest introspection = HttpRequest.newBuilder(URI.create(kit.oidcUrl(realm) + "/token/introspect"))
                .header("Content-Type", "application/x-www-form-urlencoded").header("Accept", JWT_TYPE)
                .POST(HttpRequest.BodyPublishers.ofString(Http.form(Http.params("client_id", clientId,
                        "client_secret", client.get("client_secret").asText(), "token", tokens(kit).get("access_token").asText()))))
                .build();
        signedResponse(kit, Http.send(kit.http(null), introspection), clientId, JWSAlgorithm.PS256);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"introspection_signed_response_alg=none", "introspection_signed_response_alg=HS256",
            "introspection_encrypted_response_enc=A256GCM", "introspection_encrypted_response_alg=dir"})
    @DisplayName("dynamic registration: RFC 9701 §6 values the server does not offer, or enc without alg, are invalid_client_metadata")
    void invalidDcrMetadata(String pair, FapiKit kit) {
        String[] nameValue = pair.split("=");
        HttpResponse<String> refused = register(kit, new LinkedHashMap<>(Map.of("client_name", "rs-bad",
                "grant_types", List.of("client_credentials"), nameValue[0], nameValue[1])));
        assertThat(refused.statusCode()).as(refused.body()).isEqualTo(400);
        assertThat(Http.json(refused).get("error").asText()).isEqualTo("invalid_client_metadata");
        assertThat(Http.json(refused).get("error_description").asText()).contains(nameValue[0]);
    }

    /** RFC 7591 §3.1 registration with an initial access token from the admin API. */
    private static HttpResponse<String> register(FapiKit kit, Map<String, Object> metadata) {
        HttpResponse<String> iat = kit.admin().post("realms/" + realm + "/clients-initial-access", Map.of("count", 1, "expiration", 300));
        assertThat(iat.statusCode()).as(iat.body()).isEqualTo(KeycloakAnswers.initialAccessCreated()); // 201 from Keycloak 26.7, 200 before
        return Http.send(kit.http(null), HttpRequest.newBuilder(URI.create(kit.realmUrl(realm) + "/clients-registrations/openid-connect"))
                .header("Content-Type", "application/json").header("Authorization", "Bearer " + Http.json(iat).get("token").asText())
                .POST(HttpRequest.BodyPublishers.ofString(Http.JSON.valueToTree(metadata).toString())).build());
    }

    /** A resource owner's tokens for {@code app} (password grant: an access and a refresh token in one request). */
    private static JsonNode tokens(FapiKit kit) {
        HttpResponse<String> token = Http.postForm(kit.http(null), kit.oidcUrl(realm) + "/token", Http.params(
                "grant_type", "password", "client_id", APP, "client_secret", JarmRealm.secret(APP),
                "username", JarmRealm.USER, "password", JarmRealm.PASSWORD, "scope", "openid"));
        assertThat(token.statusCode()).as(token.body()).isEqualTo(200);
        return Http.json(token);
    }

    private static HttpResponse<String> introspect(FapiKit kit, String clientId, String token, String hint, String accept) {
        Map<String, String> params = Http.params("client_id", clientId, "client_secret", JarmRealm.secret(clientId),
                "token", token);
        if (hint != null) {
            params.put("token_type_hint", hint);
        }
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(kit.oidcUrl(realm) + "/token/introspect"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(Http.form(params)));
        if (accept != null) {
            request.header("Accept", accept);
        }
        return Http.send(kit.http(null), request.build());
    }

    private static void assertJwtMediaType(HttpResponse<String> response) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        // RFC 9701 §5: "the content type application/token-introspection+jwt"
        assertThat(response.headers().firstValue("Content-Type").orElseThrow()).startsWith(JWT_TYPE);
    }

    private static JWTClaimsSet signedResponse(FapiKit kit, HttpResponse<String> response, String audience, JWSAlgorithm alg) {
        assertJwtMediaType(response);
        return verifySigned(kit, response.body(), audience, alg);
    }

    /** RFC 9701 §5: typ token-introspection+jwt; iss, aud, iat; the RFC 7662 response as token_introspection. */
    private static JWTClaimsSet verifySigned(FapiKit kit, String jws, String audience, JWSAlgorithm alg) {
        JWSHeader header;
        try {
            header = SignedJWT.parse(jws).getHeader();
        } catch (ParseException e) {
            throw new AssertionError(e);
        }
        assertThat(header.getAlgorithm()).isEqualTo(alg);
        assertThat(header.getType()).isEqualTo(new JOSEObjectType("token-introspection+jwt"));
        JWTClaimsSet claims = Jose.verify(kit, realm, jws);
        Map<String, Object> strict = ClientJwt.strictClaims(jws);
        assertThat(strict).containsOnlyKeys("iss", "aud", "iat", "token_introspection");
        assertThat(claims.getIssuer()).isEqualTo(issuer);
        assertThat(claims.getAudience()).containsExactly(audience);
        assertThat(claims.getIssueTime().toInstant()).isBetween(Instant.now().minusSeconds(60), Instant.now().plusSeconds(5));
        return claims;
    }

    private static Map<String, Object> introspection(JWTClaimsSet claims) {
        try {
            return claims.getJSONObjectClaim("token_introspection");
        } catch (ParseException e) {
            throw new AssertionError(e);
        }
    }

    private static List<String> texts(JsonNode array) {
        assertThat(array).isNotNull();
        List<String> values = new ArrayList<>();
        array.forEach(v -> values.add(v.asText()));
        return values;
    }
}
