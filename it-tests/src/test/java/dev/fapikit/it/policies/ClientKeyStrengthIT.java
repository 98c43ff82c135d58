package dev.fapikit.it.policies;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.Date;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.jwt.JWTClaimsSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import dev.fapikit.it.harness.ClientCert;
import dev.fapikit.it.harness.FapiKit;
import dev.fapikit.it.harness.FapiKitServer;
import dev.fapikit.it.harness.Http;
import dev.fapikit.it.harness.Jose;
import dev.fapikit.it.harness.JwksServer;
import dev.fapikit.it.harness.TestPki;
import dev.fapikit.it.harness.TestPki.CertSpec;

/**
 * {@code fapi-kit-client-key-strength} (FAPI 1.0 Part 1 §5.2.2-5/-6, FAPI 2.0 SP §5.4.1-2/-3) in a realm whose policy
 * asks for RSA ≥ 2048 and EC ≥ 384 bits, through the admin API, dynamic registration and at request time; and the
 * server-wide floor of the FAPI Kit client signature verifiers in a realm without any policy.
 */
@FapiKitServer
class ClientKeyStrengthIT {

    static PolicyRealm realm;
    static ClientCert rsa1024;
    static ClientCert rsa2048;
    static ClientCert p256;
    static ClientCert p384;

    @BeforeAll
    static void setUp(FapiKit kit) {
        rsa1024 = kit.pki().issue(CertSpec.named("rsa1024").subject("CN=rsa1024").keys(TestPki.rsa(1024)));
        rsa2048 = kit.pki().issue(CertSpec.named("rsa2048").subject("CN=rsa2048").keys(TestPki.rsa(2048)));
        p256 = kit.pki().issue(CertSpec.named("p256").subject("CN=p256").keys(TestPki.ec("secp256r1")));
        p384 = kit.pki().issue(CertSpec.named("p384").subject("CN=p384").keys(TestPki.ec("secp384r1")));
        realm = PolicyRealm.create(kit, "keys").policyForAllClients("key-floor",
                PolicyRealm.executor("fapi-kit-client-key-strength", Map.of("min-rsa-key-size", 2048, "min-ec-key-size", 384)));
    }

    @AfterAll
    static void tearDown() {
        realm.delete();
    }

    static Map<String, Object> jwksClient(String clientId, ClientCert key) {
        return Map.of("clientId", clientId, "clientAuthenticatorType", "client-jwt", "serviceAccountsEnabled", true,
                "attributes", Map.of("use.jwks.string", "true", "jwks.string", key.publicJwks()));
    }

    static void assertRefused(HttpResponse<String> r, String... detail) {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(400);
        JsonNode error = Http.json(r);
        assertThat(error.get("error").asText()).isEqualTo("invalid_client_metadata");
        assertThat(error.get("error_description").asText()).contains(detail);
    }

    @Nested
    @DisplayName("Admin API")
    class ThroughAdminApi {

        @Test
        @DisplayName("an RSA-1024 JWKS is refused with invalid_client_metadata")
        void rsa1024JwksRefused() {
            assertRefused(realm.createClient(jwksClient("rsa1024-jwks", rsa1024)), "RSA-1024", "2048");
        }

        @Test
        @DisplayName("a P-256 key under a P-384 floor is refused; a P-384 key is accepted")
        void p256UnderP384FloorRefused() {
            assertRefused(realm.createClient(jwksClient("p256-jwks", p256)), "EC-256", "384");
            HttpResponse<String> ok = realm.createClient(jwksClient("p384-jwks", p384));
            assertThat(ok.statusCode()).as(ok.body()).isEqualTo(201);
        }

        @Test
        @DisplayName("an RSA-1024 client certificate (private_key_jwt 'Keys' tab) is refused")
        void weakCertificateRefused() {
            assertRefused(realm.createClient(Map.of("clientId", "rsa1024-cert", "clientAuthenticatorType", "client-jwt",
                    "attributes", Map.of("jwt.credential.certificate", rsa1024.certificateBase64()))), "client certificate", "RSA-1024");
        }

        @Test
        @DisplayName("updating an accepted client to a weak key is refused")
        void updateToWeakKeyRefused() {
            assertThat(realm.createClient(jwksClient("to-be-weakened", p384)).statusCode()).isEqualTo(201);
            ObjectNode rep = (ObjectNode) realm.client("to-be-weakened");
            ((ObjectNode) rep.get("attributes")).put("jwks.string", rsa1024.publicJwks());
            assertRefused(realm.updateClient("to-be-weakened", rep), "RSA-1024");
        }
    }

    /** The client's public JWKS with {@code "use": "sig"}, which Keycloak's registration endpoint looks for. */
    static String signingJwks(ClientCert key) throws Exception {
        ObjectNode jwks = (ObjectNode) Http.JSON.readTree(key.publicJwks());
        jwks.get("keys").forEach(k -> ((ObjectNode) k).put("use", "sig"));
        return jwks.toString();
    }

    @Nested
    @DisplayName("Dynamic client registration (RFC 7591)")
    class Registration {

        HttpResponse<String> register(FapiKit kit, ClientCert key) throws Exception {
            String body = "{\"redirect_uris\":[\"https://client.example.org/cb\"],"
                    + "\"token_endpoint_auth_method\":\"private_key_jwt\",\"grant_types\":[\"client_credentials\"],"
                    + "\"jwks\":" + signingJwks(key) + "}";
            return Http.send(kit.http(null), HttpRequest.newBuilder(
                            URI.create(realm.issuer() + "/clients-registrations/openid-connect"))
                    .header("Authorization", "Bearer " + realm.initialAccessToken())
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build());
        }

        @Test
        @DisplayName("an RSA-1024 JWKS is refused with 400 invalid_client_metadata (RFC 7591 §3.2.2)")
        void rsa1024Refused(FapiKit kit) throws Exception {
            HttpResponse<String> r = register(kit, rsa1024);
            assertThat(r.statusCode()).as(r.body()).isEqualTo(400);
            assertThat(r.body()).contains("invalid_client_metadata", "RSA-1024");
        }

        @Test
        @DisplayName("a P-384 JWKS is registered")
        void p384Registered(FapiKit kit) throws Exception {
            HttpResponse<String> r = register(kit, p384);
            assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        }
    }

    static String assertion(ClientCert key, JWSAlgorithm alg, String clientId, String audience) {
        Instant now = Instant.now();
        return Jose.sign(key, alg, new JWTClaimsSet.Builder().issuer(clientId).subject(clientId).audience(audience)
                .jwtID(UUID.randomUUID().toString()).issueTime(Date.from(now)).expirationTime(Date.from(now.plusSeconds(60))).build());
    }

    /** Nimbus refuses RSA keys below 2048 bits unless told to allow them, as a weak client would. */
    static String weakAssertion(String clientId, String audience) throws Exception {
        Instant now = Instant.now();
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.PS256).keyID(rsa1024.keycloakKeyId()).build(),
                new JWTClaimsSet.Builder().issuer(clientId).subject(clientId).audience(audience).jwtID(UUID.randomUUID().toString())
                        .issueTime(Date.from(now)).expirationTime(Date.from(now.plusSeconds(60))).build());
        jwt.sign(new RSASSASigner(rsa1024.privateKey(), true));
        return jwt.serialize();
    }

    static HttpResponse<String> clientCredentials(FapiKit kit, String oidcUrl, String clientId, String assertion) {
        return Http.postForm(kit.http(null), oidcUrl + "/token", Http.params("grant_type", "client_credentials",
                "client_id", clientId, "client_assertion_type", Jose.CLIENT_ASSERTION_TYPE, "client_assertion", assertion));
    }

    static Map<String, Object> jwksUriClient(String clientId, String jwksUri) {
        return Map.of("clientId", clientId, "clientAuthenticatorType", "client-jwt", "serviceAccountsEnabled", true,
                "attributes", Map.of("use.jwks.url", "true", "jwks.url", jwksUri));
    }

    @Test
    @DisplayName("At use: a client assertion signed with a P-256 key from jwks_uri is refused under a P-384 floor")
    void jwksUriKeyRefusedAtUse(FapiKit kit) {
        try (JwksServer p256Keys = new JwksServer(kit.pki(), p256.publicJwks()); JwksServer p384Keys = new JwksServer(kit.pki(), p384.publicJwks())) {
            assertThat(realm.createClient(jwksUriClient("p256-uri", p256Keys.url())).statusCode()).isEqualTo(201);
            HttpResponse<String> refused = clientCredentials(kit, realm.oidcUrl(), "p256-uri",
                    assertion(p256, JWSAlgorithm.ES256, "p256-uri", realm.issuer()));
            // refused by the policy at SERVICE_ACCOUNT_TOKEN_REQUEST: Keycloak's client_credentials grant answers every
            // client-policy refusal with 400, whatever status the executor names
            assertThat(refused.statusCode()).as(refused.body()).isEqualTo(400);
            assertThat(Http.json(refused).get("error").asText()).isEqualTo("invalid_client");
            assertThat(Http.json(refused).get("error_description").asText()).contains("too weak", "EC-256");

            assertThat(realm.createClient(jwksUriClient("p384-uri", p384Keys.url())).statusCode()).isEqualTo(201);
            HttpResponse<String> ok = clientCredentials(kit, realm.oidcUrl(), "p384-uri",
                    assertion(p384, JWSAlgorithm.ES384, "p384-uri", realm.issuer()));
            assertThat(ok.statusCode()).as(ok.body()).isEqualTo(200);
        }
    }

    @Test
    @DisplayName("Server-wide floor, no policy: an RSA-1024 jwks_uri key fails client authentication; RSA-2048 passes")
    void serverWideFloorWithoutPolicy(FapiKit kit) throws Exception {
        PolicyRealm plain = PolicyRealm.create(kit, "keys-nopolicy");
        try (JwksServer weak = new JwksServer(kit.pki(), rsa1024.publicJwks()); JwksServer strong = new JwksServer(kit.pki(), rsa2048.publicJwks())) {
            assertThat(plain.createClient(jwksUriClient("weak-uri", weak.url())).statusCode()).isEqualTo(201);
            HttpResponse<String> refused = clientCredentials(kit, plain.oidcUrl(), "weak-uri", weakAssertion("weak-uri", plain.issuer()));
            // the verifier refuses the key, so the signature does not verify: Keycloak's client-jwt answers 400
            assertThat(refused.statusCode()).as(refused.body()).isEqualTo(400);
            assertThat(Http.json(refused).get("error").asText()).isEqualTo("invalid_client");

            assertThat(plain.createClient(jwksUriClient("strong-uri", strong.url())).statusCode()).isEqualTo(201);
            HttpResponse<String> ok = clientCredentials(kit, plain.oidcUrl(), "strong-uri",
                    assertion(rsa2048, JWSAlgorithm.PS256, "strong-uri", plain.issuer()));
            assertThat(ok.statusCode()).as(ok.body()).isEqualTo(200);
        } finally {
            plain.delete();
        }
    }
}
