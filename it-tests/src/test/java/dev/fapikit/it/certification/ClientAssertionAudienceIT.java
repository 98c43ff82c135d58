package dev.fapikit.it.certification;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jwt.JWTClaimsSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import dev.fapikit.it.harness.ClientCert;
import dev.fapikit.it.harness.FapiKit;
import dev.fapikit.it.harness.FapiKitServer;
import dev.fapikit.it.harness.Http;
import dev.fapikit.it.harness.Jose;

/**
 * Client assertions whose {@code aud} is an array, decided per profile on one server with no option (issue 17 §1):
 * under {@code fapi-kit-fapi-1-advanced} an array that contains the issuer is accepted (RFC 7523 §3; the conformance
 * suite's {@code fapi1-advanced-final-test-array-as-audience-for-client-JWT-assertion}); under
 * {@code fapi-kit-fapi-2-security-profile} it is refused with {@code invalid_client} (FAPI 2.0 SP §5.3.2.1: the issuer
 * as a single string; CVE-2025-27370/27371). A client no FAPI 1.0 profile marked keeps Keycloak's single audience.
 */
@FapiKitServer
class ClientAssertionAudienceIT {

    private static final String ATTR = "fapi-kit.client-assertion.array-audience";

    private static String fapi1Realm;
    private static String fapi2Realm;
    private static ClientCert key;

    @BeforeAll
    static void realms(FapiKit kit) {
        key = kit.pki().loadOrIssueClient("aud-array", "CN=aud-array,O=FAPI Kit Dev");
        fapi1Realm = realm(kit, "aud-f1", "fapi-kit-fapi-1-advanced");
        fapi2Realm = realm(kit, "aud-f2", "fapi-kit-fapi-2-security-profile");
    }

    @AfterAll
    static void deleteRealms(FapiKit kit) {
        for (String realm : new String[] {fapi1Realm, fapi2Realm}) {
            if (realm != null) kit.admin().delete("realms/" + realm);
        }
    }

    /** A realm whose one policy applies the global profile {@code profile} to every client, with client {@code c}. */
    private static String realm(FapiKit kit, String prefix, String profile) {
        String name = prefix + "-" + Jose.randomId().substring(0, 8).toLowerCase().replace('_', 'x').replace('-', 'x');
        assertThat(kit.admin().post("realms", Map.of("realm", name, "enabled", true)).statusCode()).isEqualTo(201);
        ObjectNode policies = Http.JSON.createObjectNode();
        ObjectNode policy = policies.putArray("policies").addObject().put("name", "fapi").put("enabled", true);
        policy.putArray("conditions").addObject().put("condition", "any-client").putObject("configuration");
        ((ArrayNode) policy.putArray("profiles")).add(profile);
        HttpResponse<String> r = kit.admin().put("realms/" + name + "/client-policies/policies", policies);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(204);
        Map<String, Object> client = new LinkedHashMap<>();
        client.put("clientId", "c");
        client.put("publicClient", false);
        client.put("serviceAccountsEnabled", true);
        client.put("standardFlowEnabled", true);
        client.put("clientAuthenticatorType", "client-jwt");
        client.put("redirectUris", List.of("https://client.example.org/cb"));
        client.put("attributes", Map.of("jwt.credential.certificate", key.certificateBase64(), "use.jwks.url", "false"));
        r = kit.admin().post("realms/" + name + "/clients", client);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        return name;
    }

    private static JsonNode client(FapiKit kit, String realm) {
        return kit.admin().get("realms/" + realm + "/clients?clientId=c").get(0);
    }

    @Test
    @DisplayName("fapi-kit-fapi-1-advanced: the profile marks the client, and an array aud containing the issuer is accepted at the token endpoint")
    void fapi1AcceptsArray(FapiKit kit) {
        assertThat(client(kit, fapi1Realm).get("attributes").get("fapi-kit.client-assertion.array-audience").asText()).isEqualTo("true");
        HttpResponse<String> token = clientCredentials(kit, fapi1Realm, true);
        assertThat(token.statusCode()).as(token.body()).isEqualTo(200);
        assertThat(Http.json(token).get("access_token").asText()).isNotEmpty();
    }

    @Test
    @DisplayName("fapi-kit-fapi-2-security-profile: an array aud is refused with invalid_client, the issuer as a single string is accepted")
    void fapi2RefusesArray(FapiKit kit) {
        assertThat(client(kit, fapi2Realm).get("attributes").get("fapi-kit.client-assertion.array-audience").asText()).isEqualTo("false");
        HttpResponse<String> array = clientCredentials(kit, fapi2Realm, true);
        // Keycloak answers a failed client assertion at the token endpoint with 400 (RFC 6749 §5.2 allows it without an Authorization header)
        assertThat(array.statusCode()).as(array.body()).isEqualTo(400);
        assertThat(Http.json(array).get("error").asText()).isEqualTo("invalid_client");
        HttpResponse<String> single = clientCredentials(kit, fapi2Realm, false);
        assertThat(single.statusCode()).as(single.body()).isEqualTo(200);
    }

    @Test
    @DisplayName("a client imported with its realm (no create event) is marked by its first request under fapi-kit-fapi-1-advanced; then an array aud is accepted")
    void importedClientMarkedAtFirstRequest(FapiKit kit) {
        String realm = importedRealm(kit, "aud-imp", "fapi-kit-fapi-1-advanced");
        try {
            assertThat(client(kit, realm).path("attributes").has(ATTR)).as("no policy ran at import").isFalse();
            HttpResponse<String> first = clientCredentials(kit, realm, false);
            assertThat(first.statusCode()).as(first.body()).isEqualTo(200);
            assertThat(client(kit, realm).get("attributes").get(ATTR).asText()).isEqualTo("true");
            HttpResponse<String> array = clientCredentials(kit, realm, true);
            assertThat(array.statusCode()).as(array.body()).isEqualTo(200);
        } finally {
            kit.admin().delete("realms/" + realm);
        }
    }

    @Test
    @DisplayName("a client carrying the mark under fapi-kit-fapi-2-security-profile (imported, or set by itself): its array aud is refused and the mark corrected")
    void selfSetMarkCorrectedUnderFapi2(FapiKit kit) {
        String realm = importedRealm(kit, "aud-imp2", "fapi-kit-fapi-2-security-profile");
        try {
            // the authenticator goes by the planted mark; the profile's executor refuses the request and corrects the mark
            HttpResponse<String> array = clientCredentials(kit, realm, true);
            assertThat(array.statusCode()).as(array.body()).isEqualTo(400);
            assertThat(Http.json(array).get("error").asText()).isEqualTo("invalid_client");
            assertThat(client(kit, realm).get("attributes").get(ATTR).asText()).isEqualTo("false");
            HttpResponse<String> single = clientCredentials(kit, realm, false);
            assertThat(single.statusCode()).as(single.body()).isEqualTo(200);
            array = clientCredentials(kit, realm, true);
            assertThat(array.statusCode()).as(array.body()).isEqualTo(400);
            assertThat(Http.json(array).get("error").asText()).isEqualTo("invalid_client");
        } finally {
            kit.admin().delete("realms/" + realm);
        }
    }

    @Test
    @DisplayName("a client under no FAPI Kit profile keeps Keycloak's single audience: invalid_client, and no mark")
    void unprofiledClientKeepsKeycloaksRule(FapiKit kit) {
        String realm = importedRealm(kit, "aud-none", null);
        try {
            HttpResponse<String> array = clientCredentials(kit, realm, true);
            assertThat(array.statusCode()).as(array.body()).isEqualTo(400);
            assertThat(Http.json(array).get("error").asText()).isEqualTo("invalid_client");
            HttpResponse<String> single = clientCredentials(kit, realm, false);
            assertThat(single.statusCode()).as(single.body()).isEqualTo(200);
            assertThat(client(kit, realm).path("attributes").has(ATTR)).isFalse();
        } finally {
            kit.admin().delete("realms/" + realm);
        }
    }

    /**
     * A realm created with its client and policy in one representation, as a realm file import does: no client policy
     * runs for the client. {@code profile} null: no policy. The client's array-audience mark is planted as
     * {@code true} under a FAPI 2.0 profile (a value the client could have given itself).
     */
    private static String importedRealm(FapiKit kit, String prefix, String profile) {
        String name = prefix + "-" + Jose.randomId().substring(0, 8).toLowerCase().replace('_', 'x').replace('-', 'x');
        ObjectNode rep = Http.JSON.createObjectNode().put("realm", name).put("enabled", true);
        if (profile != null) {
            ObjectNode policy = rep.putObject("clientPolicies").putArray("policies").addObject().put("name", "fapi").put("enabled", true);
            policy.putArray("conditions").addObject().put("condition", "any-client").putObject("configuration");
            policy.putArray("profiles").add(profile);
        }
        ObjectNode client = rep.putArray("clients").addObject().put("clientId", "c").put("publicClient", false)
                .put("serviceAccountsEnabled", true).put("standardFlowEnabled", false).put("consentRequired", true)
                .put("fullScopeAllowed", false).put("clientAuthenticatorType", "client-jwt");
        ObjectNode attributes = client.putObject("attributes").put("jwt.credential.certificate", key.certificateBase64())
                .put("use.jwks.url", "false").put("tls.client.certificate.bound.access.tokens", "true")
                .put("token.endpoint.auth.signing.alg", "PS256");
        if (profile != null && profile.contains("fapi-2")) attributes.put(ATTR, "true");
        HttpResponse<String> r = kit.admin().post("realms", rep);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        return name;
    }

    private static HttpResponse<String> clientCredentials(FapiKit kit, String realm, boolean array) {
        String issuer = kit.realmUrl(realm);
        Instant now = Instant.now();
        JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder().issuer("c").subject("c").jwtID(Jose.randomId())
                .issueTime(Date.from(now)).expirationTime(Date.from(now.plusSeconds(60)));
        claims = array ? claims.audience(List.of(issuer, issuer + "/protocol/openid-connect/token")) : claims.audience(issuer);
        String assertion = Jose.sign(key, JWSAlgorithm.PS256, claims.build());
        return Http.postForm(kit.http(key), issuer + "/protocol/openid-connect/token", Http.params("grant_type", "client_credentials",
                "client_assertion_type", Jose.CLIENT_ASSERTION_TYPE, "client_assertion", assertion));
    }
}
