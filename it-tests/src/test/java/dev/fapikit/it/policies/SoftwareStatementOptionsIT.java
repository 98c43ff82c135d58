package dev.fapikit.it.policies;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import dev.fapikit.it.harness.ClientCert;
import dev.fapikit.it.harness.FapiKit;
import dev.fapikit.it.harness.FapiKitServer;
import dev.fapikit.it.harness.Http;
import dev.fapikit.it.harness.JwksServer;

/**
 * The options of the {@code fapi-kit-software-statement} executor (issue 21 §1, RFC 7591 §2.3, §3.2.2): a trusted
 * directory published at a JWKS URL (fetched over HTTPS through the outbound guard, cached, fetched again when the
 * directory rotates its keys), the TLS client certificate bound to the statement's organisation, and registration
 * requests signed with a key of the statement.
 */
@FapiKitServer
class SoftwareStatementOptionsIT {

    static final String DIRECTORY = "https://directory.example.test";
    static final String ORG_ID = "0015800001041REAAY";
    static final List<String> REDIRECT_URIS = List.of("https://tpp.example.org/cb");

    static RSAKey directoryKey;
    static RSAKey softwareKey;
    static RSAKey otherKey;
    static JwksServer directoryJwks;
    /** Directory trusted by its jwks_uri. */
    static PolicyRealm byUrl;
    /** Directory trusted inline, certificate bound to the organisation. */
    static PolicyRealm bound;
    /** Directory trusted inline, signed registration requests required. */
    static PolicyRealm signedOnly;

    @BeforeAll
    static void setUp(FapiKit kit) throws Exception {
        directoryKey = new RSAKeyGenerator(2048).keyID("dir-1").generate();
        softwareKey = new RSAKeyGenerator(2048).keyID("sw-key-1").generate();
        otherKey = new RSAKeyGenerator(2048).keyID("sw-key-1").generate();
        directoryJwks = new JwksServer(kit.pki(), new JWKSet(directoryKey.toPublicJWK()).toString());
        Map<String, Object> inline = new JWKSet(directoryKey.toPublicJWK()).toJSONObject();
        byUrl = PolicyRealm.create(kit, "ssa-url").policyForAllClients("software-statements",
                PolicyRealm.executor("fapi-kit-software-statement",
                        Map.of("trusted-directories", List.of(Map.of("issuer", DIRECTORY, "jwks_uri", directoryJwks.url())))));
        bound = PolicyRealm.create(kit, "ssa-org").policyForAllClients("software-statements",
                PolicyRealm.executor("fapi-kit-software-statement",
                        Map.of("trusted-directories", List.of(Map.of("issuer", DIRECTORY, "jwks", inline)),
                                "bind-tls-certificate", true)));
        signedOnly = PolicyRealm.create(kit, "ssa-jwt").policyForAllClients("software-statements",
                PolicyRealm.executor("fapi-kit-software-statement",
                        Map.of("trusted-directories", List.of(Map.of("issuer", DIRECTORY, "jwks", inline)),
                                "require-signed-request", true)));
    }

    @AfterAll
    static void tearDown() {
        for (PolicyRealm realm : new PolicyRealm[] {byUrl, bound, signedOnly}) {
            if (realm != null) realm.delete();
        }
        if (directoryJwks != null) directoryJwks.close();
    }

    /** A statement of the directory, signed by {@code key}, naming {@code softwareKey} as the software's keys. */
    static String statement(RSAKey key) throws Exception {
        JWTClaimsSet claims = new JWTClaimsSet.Builder().issuer(DIRECTORY).issueTime(new Date())
                .expirationTime(Date.from(Instant.now().plusSeconds(600))).claim("software_id", "sw-4711")
                .claim("org_id", ORG_ID).claim("software_roles", List.of("PISP"))
                .claim("software_redirect_uris", REDIRECT_URIS).claim("software_client_name", "TPP from directory")
                .claim("jwks", new JWKSet(softwareKey.toPublicJWK()).toJSONObject()).build();
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.PS256).keyID(key.getKeyID()).build(), claims);
        jwt.sign(new RSASSASigner(key));
        return jwt.serialize();
    }

    static Map<String, Object> metadata(String statement) {
        Map<String, Object> metadata = new HashMap<>(Map.of("token_endpoint_auth_method", "client_secret_basic",
                "grant_types", List.of("authorization_code"), "response_types", List.of("code")));
        metadata.put("software_statement", statement);
        return metadata;
    }

    static HttpResponse<String> register(PolicyRealm realm, HttpClient http, Map<String, Object> metadata) {
        ObjectNode body = Http.JSON.valueToTree(metadata);
        return Http.send(http, HttpRequest.newBuilder(URI.create(realm.issuer() + "/clients-registrations/openid-connect"))
                .header("Authorization", "Bearer " + realm.initialAccessToken())
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body.toString())).build());
    }

    /** The metadata as a JWT (RFC 7519) signed by {@code key}, sent as {@code application/jwt}. */
    static HttpResponse<String> registerSigned(FapiKit kit, PolicyRealm realm, RSAKey key, Map<String, Object> metadata)
            throws Exception {
        return registerSigned(kit, realm, key, metadata, realm.issuer());
    }

    static HttpResponse<String> registerSigned(FapiKit kit, PolicyRealm realm, RSAKey key, Map<String, Object> metadata,
            String audience) throws Exception {
        JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder().issuer("sw-4711").audience(audience)
                .issueTime(new Date()).expirationTime(Date.from(Instant.now().plusSeconds(300)))
                .jwtID(java.util.UUID.randomUUID().toString());
        metadata.forEach(claims::claim);
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.PS256).keyID(key.getKeyID())
                .type(JOSEObjectType.JWT).build(), claims.build());
        jwt.sign(new RSASSASigner(key));
        return Http.send(kit.http(null), HttpRequest.newBuilder(URI.create(realm.issuer() + "/clients-registrations/openid-connect"))
                .header("Authorization", "Bearer " + realm.initialAccessToken())
                .header("Content-Type", "application/jwt")
                .POST(HttpRequest.BodyPublishers.ofString(jwt.serialize())).build());
    }

    static int clientCount(FapiKit kit, PolicyRealm realm) {
        return kit.admin().get("realms/" + realm.name + "/clients").size();
    }

    static void assertRefused(FapiKit kit, PolicyRealm realm, int before, HttpResponse<String> r, String error, String description) {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(400);
        JsonNode answer = Http.json(r);
        assertThat(answer.get("error").asText()).as(r.body()).isEqualTo(error);
        assertThat(answer.get("error_description").asText()).as(r.body()).contains(description);
        assertThat(clientCount(kit, realm)).as("nothing stored on refusal").isEqualTo(before);
    }

    // --- a directory trusted by its JWKS URL -------------------------------------------------------------------

    @Test
    @DisplayName("jwks_uri directory: keys fetched over HTTPS through the outbound guard and cached; after the directory rotates its keys a statement with the new kid is accepted after a refetch, one with the withdrawn key is refused")
    void jwksUriDirectoryWithRotation(FapiKit kit) throws Exception {
        HttpResponse<String> first = register(byUrl, kit.http(null), metadata(statement(directoryKey)));
        assertThat(first.statusCode()).as(first.body()).isEqualTo(201);
        assertThat(Http.json(first).get("software_id").asText()).isEqualTo("sw-4711");
        int fetched = directoryJwks.fetches();
        assertThat(fetched).as("the directory's keys were fetched").isGreaterThanOrEqualTo(1);

        HttpResponse<String> second = register(byUrl, kit.http(null), metadata(statement(directoryKey)));
        assertThat(second.statusCode()).as(second.body()).isEqualTo(201);
        assertThat(directoryJwks.fetches()).as("a known kid is served from Keycloak's key cache").isEqualTo(fetched);

        // the directory rotates: the new key only (kid dir-2); the cache still holds dir-1
        RSAKey rotated = new RSAKeyGenerator(2048).keyID("dir-2").generate();
        directoryJwks.serve(new JWKSet(rotated.toPublicJWK()).toString());
        String statement = statement(rotated);
        AtomicReference<HttpResponse<String>> accepted = new AtomicReference<>();
        // Keycloak's key cache refetches for an unknown kid at most every few seconds (min-time-between-requests)
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(2)).until(() -> {
            HttpResponse<String> r = register(byUrl, kit.http(null), metadata(statement));
            accepted.set(r);
            return r.statusCode() == 201;
        });
        assertThat(Http.json(accepted.get()).get("software_statement").asText()).isEqualTo(statement);
        assertThat(directoryJwks.fetches()).as("refetched after rotation").isGreaterThan(fetched);

        int before = clientCount(kit, byUrl);
        assertRefused(kit, byUrl, before, register(byUrl, kit.http(null), metadata(statement(directoryKey))),
                "invalid_software_statement", "signature does not verify");
    }

    // --- TLS client certificate bound to the statement's organisation --------------------------------------------

    @Test
    @DisplayName("bind-tls-certificate: a certificate of another organisation (subject OU) gets unapproved_software_statement, nothing stored")
    void certificateOfAnotherOrganisation(FapiKit kit) throws Exception {
        ClientCert other = kit.pki().issueClient("ssa-org-other", "CN=tpp.other.example,OU=0015800001OTHERORG,O=Other TPP Ltd");
        int before = clientCount(kit, bound);
        assertRefused(kit, bound, before, register(bound, kit.http(other), metadata(statement(directoryKey))),
                "unapproved_software_statement", ORG_ID);
    }

    @Test
    @DisplayName("bind-tls-certificate: no client certificate at registration gets unapproved_software_statement")
    void noCertificate(FapiKit kit) throws Exception {
        int before = clientCount(kit, bound);
        assertRefused(kit, bound, before, register(bound, kit.http(null), metadata(statement(directoryKey))),
                "unapproved_software_statement", "no client certificate");
    }

    @Test
    @DisplayName("bind-tls-certificate: a certificate naming the statement's organisation (subject OU) registers the client (201)")
    void certificateOfTheOrganisation(FapiKit kit) throws Exception {
        ClientCert same = kit.pki().issueClient("ssa-org-same", "CN=tpp.example.org,OU=" + ORG_ID + ",O=TPP Ltd");
        HttpResponse<String> r = register(bound, kit.http(same), metadata(statement(directoryKey)));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        assertThat(Http.json(r).get("org_id").asText()).isEqualTo(ORG_ID);
    }

    // --- signed registration requests ---------------------------------------------------------------------------

    @Test
    @DisplayName("signed request (application/jwt) signed with a key of the statement's jwks: 201, its claims registered")
    void signedRequestRegisters(FapiKit kit) throws Exception {
        HttpResponse<String> r = registerSigned(kit, signedOnly, softwareKey, metadata(statement(directoryKey)));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        JsonNode registered = Http.json(r);
        assertThat(registered.get("software_id").asText()).isEqualTo("sw-4711");
        assertThat(registered.get("client_name").asText()).isEqualTo("TPP from directory");
        assertThat(registered.get("redirect_uris")).extracting(JsonNode::asText).containsExactlyElementsOf(REDIRECT_URIS);
        assertThat(registered.has("iss")).as("JWT claims are not client metadata").isFalse();
    }

    @Test
    @DisplayName("signed request signed by a key not in the statement's jwks: invalid_client_metadata, nothing stored")
    void signedRequestWrongKey(FapiKit kit) throws Exception {
        int before = clientCount(kit, signedOnly);
        assertRefused(kit, signedOnly, before, registerSigned(kit, signedOnly, otherKey, metadata(statement(directoryKey))),
                "invalid_client_metadata", "signature does not verify");
    }

    @Test
    @DisplayName("signed request addressed (aud) to another server: invalid_client_metadata, nothing stored")
    void signedRequestOtherAudience(FapiKit kit) throws Exception {
        int before = clientCount(kit, signedOnly);
        assertRefused(kit, signedOnly, before, registerSigned(kit, signedOnly, softwareKey, metadata(statement(directoryKey)),
                "https://other-bank.example/realms/x"), "invalid_client_metadata", "https://other-bank.example/realms/x");
    }

    @Test
    @DisplayName("signed request without a software_statement: invalid_client_metadata, nothing stored")
    void signedRequestWithoutStatement(FapiKit kit) throws Exception {
        int before = clientCount(kit, signedOnly);
        Map<String, Object> metadata = metadata("x");
        metadata.remove("software_statement");
        assertRefused(kit, signedOnly, before, registerSigned(kit, signedOnly, softwareKey, metadata),
                "invalid_client_metadata", "software_statement");
    }

    @Test
    @DisplayName("signed request that is not a JWS: invalid_client_metadata")
    void signedRequestNotAJws(FapiKit kit) {
        int before = clientCount(kit, signedOnly);
        HttpResponse<String> r = Http.send(kit.http(null), HttpRequest.newBuilder(
                        URI.create(signedOnly.issuer() + "/clients-registrations/openid-connect"))
                .header("Authorization", "Bearer " + signedOnly.initialAccessToken())
                .header("Content-Type", "application/jwt")
                .POST(HttpRequest.BodyPublishers.ofString("not.a-jwt")).build());
        assertRefused(kit, signedOnly, before, r, "invalid_client_metadata", "JWS");
    }

    @Test
    @DisplayName("require-signed-request: a JSON request with a valid statement gets invalid_client_metadata, nothing stored")
    void jsonRequestWhereJwtRequired(FapiKit kit) throws Exception {
        int before = clientCount(kit, signedOnly);
        assertRefused(kit, signedOnly, before, register(signedOnly, kit.http(null), metadata(statement(directoryKey))),
                "invalid_client_metadata", "application/jwt");
    }
}
