package dev.fapikit.it.policies;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
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

import dev.fapikit.it.harness.FapiKit;
import dev.fapikit.it.harness.FapiKitServer;
import dev.fapikit.it.harness.Http;

/**
 * Software statements in dynamic client registration (RFC 7591 §2.3, §3.1.1, §3.2.2; RFC 7592 §2.1): the
 * {@code fapi-kit-software-statement} executor with a directory trusted by its inline JWKS, for every client.
 */
@FapiKitServer
class SoftwareStatementIT {

    static final String DIRECTORY = "https://directory.example.test";
    static final List<String> REDIRECT_URIS = List.of("https://tpp.example.org/cb", "https://tpp.example.org/cb2");

    static PolicyRealm realm;
    static RSAKey directoryKey;
    static RSAKey otherKey;

    @BeforeAll
    static void setUp(FapiKit kit) throws Exception {
        directoryKey = new RSAKeyGenerator(2048).keyID("dir-1").generate();
        otherKey = new RSAKeyGenerator(2048).keyID("dir-1").generate();
        Map<String, Object> jwks = new JWKSet(directoryKey.toPublicJWK()).toJSONObject();
        realm = PolicyRealm.create(kit, "ssa").policyForAllClients("software-statements",
                PolicyRealm.executor("fapi-kit-software-statement",
                        Map.of("trusted-directories", List.of(Map.of("issuer", DIRECTORY, "jwks", jwks)))));
    }

    @AfterAll
    static void tearDown() {
        realm.delete();
    }

    static String statement(RSAKey key, JWSAlgorithm alg, Map<String, Object> claims) throws Exception {
        JWTClaimsSet.Builder set = new JWTClaimsSet.Builder().issuer(DIRECTORY).issueTime(new Date())
                .expirationTime(Date.from(Instant.now().plusSeconds(600))).claim("software_id", "sw-4711")
                .claim("org_id", "0015800001041REAAY").claim("software_roles", List.of("AISP", "PISP"))
                .claim("software_redirect_uris", REDIRECT_URIS).claim("software_client_name", "TPP from directory");
        claims.forEach(set::claim);
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(alg).keyID(key.getKeyID()).build(), set.build());
        jwt.sign(new RSASSASigner(key));
        return jwt.serialize();
    }

    static String trusted() throws Exception {
        return statement(directoryKey, JWSAlgorithm.PS256, Map.of());
    }

    static HttpResponse<String> register(FapiKit kit, Map<String, Object> metadata) {
        ObjectNode body = Http.JSON.valueToTree(Map.of("token_endpoint_auth_method", "client_secret_basic",
                "grant_types", List.of("authorization_code"), "response_types", List.of("code")));
        body.setAll((ObjectNode) Http.JSON.valueToTree(metadata));
        return Http.send(kit.http(null), HttpRequest.newBuilder(URI.create(realm.issuer() + "/clients-registrations/openid-connect"))
                .header("Authorization", "Bearer " + realm.initialAccessToken())
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body.toString())).build());
    }

    static int clientCount(FapiKit kit) {
        return kit.admin().get("realms/" + realm.name + "/clients").size();
    }

    static void refused(FapiKit kit, Map<String, Object> metadata, String error, String description) {
        int before = clientCount(kit);
        HttpResponse<String> r = register(kit, metadata);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(400);
        JsonNode answer = Http.json(r);
        assertThat(answer.get("error").asText()).as(r.body()).isEqualTo(error);
        assertThat(answer.get("error_description").asText()).as(r.body()).contains(description);
        assertThat(clientCount(kit)).as("nothing stored on refusal").isEqualTo(before);
    }

    @Test
    @DisplayName("a statement of the trusted directory registers the client with the statement's redirect URIs, name and software values; GET returns them")
    void trustedStatementRegisters(FapiKit kit) throws Exception {
        String statement = trusted();
        HttpResponse<String> r = register(kit, Map.of("software_statement", statement, "client_name", "from request"));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        JsonNode registered = Http.json(r);
        assertThat(registered.get("software_statement").asText()).isEqualTo(statement);
        assertThat(registered.get("software_id").asText()).isEqualTo("sw-4711");
        assertThat(registered.get("org_id").asText()).isEqualTo("0015800001041REAAY");
        assertThat(registered.get("software_roles")).extracting(JsonNode::asText).containsExactly("AISP", "PISP");
        assertThat(registered.get("client_name").asText()).isEqualTo("TPP from directory");
        assertThat(registered.get("redirect_uris")).extracting(JsonNode::asText).containsExactlyInAnyOrderElementsOf(REDIRECT_URIS);

        HttpResponse<String> read = Http.get(kit.http(null), registered.get("registration_client_uri").asText(),
                "Authorization", "Bearer " + registered.get("registration_access_token").asText());
        assertThat(read.statusCode()).as(read.body()).isEqualTo(200);
        JsonNode stored = Http.json(read);
        assertThat(stored.get("software_statement").asText()).isEqualTo(statement);
        assertThat(stored.get("software_id").asText()).isEqualTo("sw-4711");
        assertThat(stored.get("org_id").asText()).isEqualTo("0015800001041REAAY");
        assertThat(stored.get("software_roles")).extracting(JsonNode::asText).containsExactly("AISP", "PISP");
    }

    @Test
    @DisplayName("RFC 7592 update without a statement keeps the registered one: redirect_uris stay within it, software values stay")
    void updateKeepsStatement(FapiKit kit) throws Exception {
        HttpResponse<String> r = register(kit, Map.of("software_statement", trusted()));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        JsonNode registered = Http.json(r);
        HttpResponse<String> updated = update(kit, registered, registered.get("registration_access_token").asText(),
                List.of(REDIRECT_URIS.get(0)));
        assertThat(updated.statusCode()).as(updated.body()).isEqualTo(200);
        JsonNode answer = Http.json(updated);
        assertThat(answer.get("redirect_uris")).extracting(JsonNode::asText).containsExactly(REDIRECT_URIS.get(0));
        assertThat(answer.get("software_id").asText()).isEqualTo("sw-4711");
        assertThat(answer.get("org_id").asText()).isEqualTo("0015800001041REAAY");

        HttpResponse<String> outside = update(kit, registered, answer.get("registration_access_token").asText(),
                List.of("https://attacker.example/cb"));
        assertThat(outside.statusCode()).as(outside.body()).isEqualTo(400);
        assertThat(Http.json(outside).get("error").asText()).isEqualTo("invalid_client_metadata");
        JsonNode stored = realm.client(registered.get("client_id").asText());
        assertThat(stored.get("redirectUris")).extracting(JsonNode::asText).containsExactly(REDIRECT_URIS.get(0));
    }

    static HttpResponse<String> update(FapiKit kit, JsonNode registered, String token, List<String> redirectUris) {
        ObjectNode body = Http.JSON.valueToTree(Map.of("client_id", registered.get("client_id").asText(),
                "token_endpoint_auth_method", "client_secret_basic", "grant_types", List.of("authorization_code"),
                "response_types", List.of("code"), "redirect_uris", redirectUris));
        return Http.send(kit.http(null), HttpRequest.newBuilder(URI.create(registered.get("registration_client_uri").asText()))
                .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(body.toString())).build());
    }

    @Test
    @DisplayName("request redirect_uris among the statement's are registered as requested")
    void subsetOfRedirectUris(FapiKit kit) throws Exception {
        HttpResponse<String> r = register(kit, Map.of("software_statement", trusted(), "redirect_uris", List.of(REDIRECT_URIS.get(1))));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        assertThat(Http.json(r).get("redirect_uris")).extracting(JsonNode::asText).containsExactly(REDIRECT_URIS.get(1));
    }

    @Test
    @DisplayName("redirect_uris outside the statement: invalid_client_metadata, nothing stored")
    void redirectUriOutsideStatement(FapiKit kit) throws Exception {
        refused(kit, Map.of("software_statement", trusted(), "redirect_uris", List.of("https://attacker.example/cb")),
                "invalid_client_metadata", "https://attacker.example/cb");
    }

    @Test
    @DisplayName("an unsigned statement (alg none): invalid_software_statement, nothing stored")
    void unsignedStatement(FapiKit kit) throws Exception {
        String[] parts = trusted().split("\\.");
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        String unsigned = b64.encodeToString("{\"alg\":\"none\"}".getBytes()) + "." + parts[1] + ".";
        refused(kit, Map.of("software_statement", unsigned), "invalid_software_statement", "'none'");
    }

    @Test
    @DisplayName("a statement signed by a key the directory does not publish: invalid_software_statement, nothing stored")
    void untrustedKey(FapiKit kit) throws Exception {
        refused(kit, Map.of("software_statement", statement(otherKey, JWSAlgorithm.PS256, Map.of())),
                "invalid_software_statement", "signature does not verify");
    }

    @Test
    @DisplayName("an expired statement: invalid_software_statement, nothing stored")
    void expiredStatement(FapiKit kit) throws Exception {
        refused(kit, Map.of("software_statement", statement(directoryKey, JWSAlgorithm.PS256,
                Map.of("exp", Instant.now().minusSeconds(3600).getEpochSecond()))), "invalid_software_statement", "expired");
    }

    @Test
    @DisplayName("a statement signed with RS256 (not allowed): invalid_software_statement")
    void algorithmNotAllowed(FapiKit kit) throws Exception {
        refused(kit, Map.of("software_statement", statement(directoryKey, JWSAlgorithm.RS256, Map.of())),
                "invalid_software_statement", "'RS256'");
    }

    @Test
    @DisplayName("a statement of an issuer the realm does not trust: unapproved_software_statement")
    void untrustedIssuer(FapiKit kit) throws Exception {
        refused(kit, Map.of("software_statement", statement(directoryKey, JWSAlgorithm.PS256, Map.of("iss", "https://rogue.example"))),
                "unapproved_software_statement", "https://rogue.example");
    }

    @Test
    @DisplayName("not a JWS: invalid_software_statement")
    void notAJws(FapiKit kit) {
        refused(kit, Map.of("software_statement", "not-a-jwt"), "invalid_software_statement", "JWS");
    }

    @Test
    @DisplayName("no statement where the realm requires one: invalid_client_metadata, nothing stored")
    void statementRequired(FapiKit kit) {
        refused(kit, Map.of("redirect_uris", REDIRECT_URIS), "invalid_client_metadata", "software_statement");
    }

    @Test
    @DisplayName("a realm without the executor approves no statement: unapproved_software_statement, nothing stored")
    void realmWithoutExecutor(FapiKit kit) throws Exception {
        PolicyRealm plain = PolicyRealm.create(kit, "plain");
        try {
            int before = kit.admin().get("realms/" + plain.name + "/clients").size();
            HttpResponse<String> r = Http.send(kit.http(null), HttpRequest.newBuilder(
                            URI.create(plain.issuer() + "/clients-registrations/openid-connect"))
                    .header("Authorization", "Bearer " + plain.initialAccessToken())
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(Http.JSON.valueToTree(Map.of("software_statement", trusted(),
                            "token_endpoint_auth_method", "client_secret_basic")).toString())).build());
            assertThat(r.statusCode()).as(r.body()).isEqualTo(400);
            assertThat(Http.json(r).get("error").asText()).isEqualTo("unapproved_software_statement");
            assertThat(kit.admin().get("realms/" + plain.name + "/clients").size()).isEqualTo(before);
        } finally {
            plain.delete();
        }
    }
}
