package dev.fapikit.it.policies;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import dev.fapikit.it.harness.FapiKit;
import dev.fapikit.it.harness.FapiKitServer;
import dev.fapikit.it.harness.Http;

/**
 * The shipped {@code fapi-kit-fapi-1-baseline} profile (FAPI 1.0 Part 1, Final), installed from the bundle JAR into a
 * realm whose policy applies it to every client: client secrets are allowed for {@code client_secret_jwt}
 * (Part 1 §5.2.2-4) and must carry at least 128 bits of entropy (Part 1 §5.2.2-3, OpenID Connect Core §16.19); public
 * clients are treated as Keycloak's own {@code fapi-1-baseline} treats them (Part 1 §5.2.2-2, §5.2.2-7).
 */
@FapiKitServer
class Fapi1BaselineProfileIT {

    static final String PROFILE = "fapi-kit-fapi-1-baseline";
    static final String CLIENT_ASSERTION_TYPE = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";
    static final String REDIRECT = "https://client.example.org/cb";

    static PolicyRealm realm;

    @BeforeAll
    static void setUp(FapiKit kit) throws IOException {
        realm = PolicyRealm.create(kit, "baseline");
        install(kit, realm, shippedProfile(kit), PROFILE);
    }

    @AfterAll
    static void tearDown() {
        realm.delete();
    }

    /** The profile named {@value #PROFILE} from the fapi-client-policies JAR in the server's providers/ folder. */
    static JsonNode shippedProfile(FapiKit kit) throws IOException {
        for (JsonNode profile : CompleteProfilesIT.shippedProfiles(kit).get("profiles")) {
            if (PROFILE.equals(profile.get("name").asText())) {
                return profile;
            }
        }
        throw new AssertionError(PROFILE + " is not in the shipped fapi-kit-client-profiles.json");
    }

    /** Installs {@code profile} (null: none, the policy names a Keycloak built-in) and a policy applying {@code name} to every client. */
    static void install(FapiKit kit, PolicyRealm target, JsonNode profile, String name) {
        if (profile != null) {
            ObjectNode profiles = Http.JSON.createObjectNode();
            profiles.putArray("profiles").add(profile);
            HttpResponse<String> installed = kit.admin().put("realms/" + target.name + "/client-policies/profiles", profiles);
            assertThat(installed.statusCode()).as(installed.body()).isEqualTo(204);
        }
        ObjectNode policies = Http.JSON.createObjectNode();
        ObjectNode policy = policies.putArray("policies").addObject().put("name", "baseline").put("enabled", true);
        policy.putArray("conditions").addObject().put("condition", "any-client").putObject("configuration");
        ((ArrayNode) policy.putArray("profiles")).add(name);
        HttpResponse<String> applied = kit.admin().put("realms/" + target.name + "/client-policies/policies", policies);
        assertThat(applied.statusCode()).as(applied.body()).isEqualTo(204);
    }

    /** 32 random bytes, base64url: 256 bits of entropy, the strength Keycloak's generated secrets have. */
    static String strongSecret() {
        byte[] b = new byte[32];
        new SecureRandom().nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }

    static Map<String, Object> secretJwtClient(String clientId, String secret) {
        return Map.of("clientId", clientId, "publicClient", false, "clientAuthenticatorType", "client-secret-jwt",
                "secret", secret, "serviceAccountsEnabled", true, "redirectUris", List.of(REDIRECT));
    }

    static void assertInvalidClientMetadata(HttpResponse<String> r) {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(400);
        JsonNode error = Http.json(r);
        assertThat(error.get("error").asText()).isEqualTo("invalid_client_metadata");
        assertThat(error.get("error_description").asText()).contains("client secret");
    }

    /** RFC 7523 §2.2 client assertion for {@code client_secret_jwt}, HMAC-signed with the client secret (OIDC Core §9). */
    static String hs256Assertion(String clientId, String secret) throws JOSEException {
        Instant now = Instant.now();
        SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), assertionClaims(clientId, now));
        jwt.sign(new MACSigner(secret.getBytes(StandardCharsets.UTF_8)));
        return jwt.serialize();
    }

    static JWTClaimsSet assertionClaims(String clientId, Instant now) {
        return new JWTClaimsSet.Builder().issuer(clientId).subject(clientId).audience(realm.issuer())
                .jwtID(UUID.randomUUID().toString()).issueTime(Date.from(now)).expirationTime(Date.from(now.plusSeconds(60)))
                .build();
    }

    static HttpResponse<String> clientCredentials(FapiKit kit, String assertion) {
        return Http.postForm(kit.http(null), realm.oidcUrl() + "/token", Http.params("grant_type", "client_credentials",
                "client_assertion_type", CLIENT_ASSERTION_TYPE, "client_assertion", assertion));
    }

    static HttpResponse<String> register(FapiKit kit, String provider, String body) {
        return Http.send(kit.http(null), HttpRequest.newBuilder(URI.create(realm.issuer() + "/clients-registrations/" + provider))
                .header("Authorization", "Bearer " + realm.initialAccessToken())
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build());
    }

    @Test
    @DisplayName("Part 1 §5.2.2-3: a three-character secret set through the admin API is refused with 400 invalid_client_metadata")
    void weakSecretRefusedAtCreation() {
        assertInvalidClientMetadata(realm.createClient(secretJwtClient("weak-create", "abc")));
    }

    @Test
    @DisplayName("Part 1 §5.2.2-3: a 32-byte random secret is accepted; changing it to a three-character one is refused")
    void strongSecretAcceptedWeakUpdateRefused() {
        HttpResponse<String> created = realm.createClient(secretJwtClient("strong", strongSecret()));
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);

        ObjectNode rep = (ObjectNode) realm.client("strong");
        rep.put("secret", "abc");
        assertInvalidClientMetadata(realm.updateClient("strong", rep));
    }

    @Test
    @DisplayName("Part 1 §5.2.2-3: a three-character secret in a dynamic registration is refused and no client is created")
    void weakSecretRefusedAtDynamicRegistration(FapiKit kit) {
        // Only Keycloak's own registration format carries a secret: the OIDC endpoint (RFC 7591) always generates one
        // (see dynamicClientSecretJwt). FAPI Kit re-answers policy refusals with RFC 7591 §3.2.2's 400
        // invalid_client_metadata on the OIDC endpoint only; Keycloak's 'default' endpoint still answers a client policy
        // refusal with 403 insufficient_scope, the policy's error and description in the description.
        HttpResponse<String> r = register(kit, "default", "{\"clientId\":\"dcr-weak\",\"publicClient\":false,"
                + "\"clientAuthenticatorType\":\"client-secret-jwt\",\"secret\":\"abc\",\"redirectUris\":[\"" + REDIRECT + "\"]}");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(403);
        assertThat(Http.json(r).get("error_description").asText()).startsWith("invalid_client_metadata: client secret");
        assertThat(kit.admin().get("realms/" + realm.name + "/clients?clientId=dcr-weak")).as("no client created").isEmpty();
    }

    @Test
    @DisplayName("Part 1 §5.2.2-4: a client_secret_jwt client with no algorithm gets HS256 and obtains a token with an HS256 assertion")
    void clientSecretJwtObtainsToken(FapiKit kit) throws Exception {
        String secret = strongSecret();
        HttpResponse<String> created = realm.createClient(secretJwtClient("secret-jwt", secret));
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        assertThat(realm.client("secret-jwt").get("attributes").get("token.endpoint.auth.signing.alg").asText()).isEqualTo("HS256");

        HttpResponse<String> token = clientCredentials(kit, hs256Assertion("secret-jwt", secret));
        assertThat(token.statusCode()).as(token.body()).isEqualTo(200);
        assertThat(Http.json(token).get("access_token").asText()).isNotBlank();
    }

    @Test
    @DisplayName("an HS256 assertion signed with another secret is refused, no token issued")
    void wrongSecretRefused(FapiKit kit) throws Exception {
        HttpResponse<String> created = realm.createClient(secretJwtClient("secret-jwt-wrong", strongSecret()));
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);

        HttpResponse<String> token = clientCredentials(kit, hs256Assertion("secret-jwt-wrong", strongSecret()));
        assertThat(token.statusCode()).as(token.body()).isEqualTo(400);
        // RFC 6749 §5.2 names invalid_client; Keycloak's client_secret_jwt authenticator answers a signature it cannot
        // verify with unauthorized_client (as its client_secret_basic one does, see reliability/HostileClientsIT)
        assertThat(Http.json(token).get("error").asText()).isEqualTo("unauthorized_client");
        assertThat(token.body()).doesNotContain("access_token");
    }

    @Test
    @DisplayName("discovery lists exactly the profile's algorithms for client authentication: PS256, ES256, HS256")
    void discoveryListsHs256(FapiKit kit) {
        JsonNode metadata = Http.json(Http.get(kit.http(null), realm.issuer() + "/.well-known/openid-configuration"));
        assertThat(Http.JSON.convertValue(metadata.get("token_endpoint_auth_signing_alg_values_supported"), List.class))
                .containsExactlyInAnyOrder("PS256", "ES256", "HS256");
        assertThat(Http.JSON.convertValue(metadata.get("token_endpoint_auth_methods_supported"), List.class))
                .contains("client_secret_jwt", "private_key_jwt");
    }

    @Test
    @DisplayName("an unsigned (alg none) client assertion is refused with invalid_client")
    void unsignedAssertionRefused(FapiKit kit) {
        String secret = strongSecret();
        HttpResponse<String> created = realm.createClient(secretJwtClient("secret-jwt-none", secret));
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);

        String unsigned = new PlainJWT(assertionClaims("secret-jwt-none", Instant.now())).serialize();
        HttpResponse<String> token = clientCredentials(kit, unsigned);
        // Keycloak's client assertion validator refuses alg none ("Invalid signature algorithm") with 400
        assertThat(token.statusCode()).as(token.body()).isEqualTo(400);
        assertThat(Http.json(token).get("error").asText()).isEqualTo("invalid_client");
        assertThat(token.body()).doesNotContain("access_token");
    }

    @Test
    @DisplayName("OIDC dynamic registration of a client_secret_jwt client: generated secret, HS256, token obtained")
    void dynamicClientSecretJwt(FapiKit kit) throws Exception {
        HttpResponse<String> r = register(kit, "openid-connect", "{\"redirect_uris\":[\"" + REDIRECT + "\"],"
                + "\"token_endpoint_auth_method\":\"client_secret_jwt\",\"grant_types\":[\"client_credentials\"]}");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        JsonNode client = Http.json(r);
        assertThat(client.get("token_endpoint_auth_signing_alg").asText()).isEqualTo("HS256");
        String secret = client.get("client_secret").asText();
        assertThat(secret).hasSizeGreaterThanOrEqualTo(32);

        HttpResponse<String> token = clientCredentials(kit, hs256Assertion(client.get("client_id").asText(), secret));
        assertThat(token.statusCode()).as(token.body()).isEqualTo(200);
    }

    @Test
    @DisplayName("Part 1 §5.2.2-4: client_secret_basic (Keycloak 'client-secret') is refused even with a strong secret")
    void clientSecretBasicRefused() {
        HttpResponse<String> r = realm.createClient(Map.of("clientId", "basic", "publicClient", false,
                "clientAuthenticatorType", "client-secret", "secret", strongSecret(), "redirectUris", List.of(REDIRECT)));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(400);
        assertThat(Http.json(r).get("error").asText()).isEqualTo("invalid_client_metadata");
    }

    @Test
    @DisplayName("Part 1 §5.2.2-2/-7: a public client is accepted as under Keycloak's fapi-1-baseline, with PKCE S256, consent and no full scope")
    void publicClientAsKeycloakBaseline(FapiKit kit) {
        PolicyRealm keycloakBaseline = PolicyRealm.create(kit, "kcbaseline");
        try {
            install(kit, keycloakBaseline, null, "fapi-1-baseline");
            Map<String, Object> publicClient = Map.of("clientId", "spa", "publicClient", true, "redirectUris", List.of(REDIRECT));
            HttpResponse<String> ours = realm.createClient(publicClient);
            HttpResponse<String> theirs = keycloakBaseline.createClient(publicClient);
            assertThat(theirs.statusCode()).as(theirs.body()).isEqualTo(201);
            assertThat(ours.statusCode()).as(ours.body()).isEqualTo(201);
            for (JsonNode stored : List.of(realm.client("spa"), keycloakBaseline.client("spa"))) {
                assertThat(stored.get("publicClient").asBoolean()).isTrue();
                assertThat(stored.get("attributes").get("pkce.code.challenge.method").asText()).isEqualTo("S256");
                assertThat(stored.get("consentRequired").asBoolean()).isTrue();
                assertThat(stored.get("fullScopeAllowed").asBoolean()).isFalse();
            }

            // Part 1 §5.2.2-11 (secure-client-uris): a plain-http redirect URI is refused under both
            Map<String, Object> insecure = Map.of("clientId", "spa-http", "publicClient", true,
                    "redirectUris", List.of("http://client.example.org/cb"));
            assertThat(realm.createClient(insecure).statusCode()).isEqualTo(400);
            assertThat(keycloakBaseline.createClient(insecure).statusCode()).isEqualTo(400);
        } finally {
            keycloakBaseline.delete();
        }
    }
}
