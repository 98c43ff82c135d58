package dev.fapikit.it.policies;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import dev.fapikit.it.harness.FapiKit;
import dev.fapikit.it.harness.FapiKitServer;
import dev.fapikit.it.harness.Http;

/**
 * {@code fapi-kit-client-secret-strength} (FAPI 1.0 Part 1 §5.2.2-3, OpenID Connect Core §16.19) for every client, and
 * the two FAPI Kit conditions selecting which clients a policy governs.
 */
@FapiKitServer
class ClientSecretStrengthIT {

    static PolicyRealm realm;

    @BeforeAll
    static void setUp(FapiKit kit) {
        realm = PolicyRealm.create(kit, "secrets").policyForAllClients("secret-floor",
                PolicyRealm.executor("fapi-kit-client-secret-strength", Map.of()));
    }

    @AfterAll
    static void tearDown() {
        realm.delete();
    }

    static Map<String, Object> confidential(String clientId, String secret) {
        return secret == null
                ? Map.of("clientId", clientId, "publicClient", false, "clientAuthenticatorType", "client-secret")
                : Map.of("clientId", clientId, "publicClient", false, "clientAuthenticatorType", "client-secret", "secret", secret);
    }

    @Test
    @DisplayName("a three-character secret set by an admin is refused with invalid_client_metadata")
    void threeCharacterSecretRefused() {
        HttpResponse<String> r = realm.createClient(confidential("weak", "abc"));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(400);
        assertThat(Http.json(r).get("error").asText()).isEqualTo("invalid_client_metadata");
        assertThat(Http.json(r).get("error_description").asText()).contains("client secret");
    }

    @Test
    @DisplayName("a generated secret passes: create, save unchanged, regenerate; setting a weak one later is refused")
    void generatedSecretsPass(FapiKit kit) {
        HttpResponse<String> created = realm.createClient(confidential("generated", null));
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        ObjectNode rep = (ObjectNode) realm.client("generated");
        assertThat(rep.get("secret").asText()).hasSizeGreaterThanOrEqualTo(32);
        assertThat(realm.updateClient("generated", rep).statusCode()).isEqualTo(204);
        HttpResponse<String> regenerated = kit.admin().post("realms/" + realm.name + "/clients/" + rep.get("id").asText()
                + "/client-secret", null);
        assertThat(regenerated.statusCode()).as(regenerated.body()).isEqualTo(200);

        rep.put("secret", "password");
        HttpResponse<String> weakened = realm.updateClient("generated", rep);
        assertThat(weakened.statusCode()).as(weakened.body()).isEqualTo(400);
        assertThat(Http.json(weakened).get("error").asText()).isEqualTo("invalid_client_metadata");
    }

    @Test
    @DisplayName("conditions: fapi-kit-ciba-client governs CIBA clients only, fapi-kit-client-auth-method the chosen methods only")
    void conditionsSelectClients(FapiKit kit) {
        PolicyRealm selective = PolicyRealm.create(kit, "conditions")
                .policy("ciba-secrets", List.of(PolicyRealm.executor("fapi-kit-client-secret-strength", Map.of())),
                        List.of(PolicyRealm.condition("fapi-kit-ciba-client", Map.of())))
                .policy("jwt-secrets", List.of(PolicyRealm.executor("fapi-kit-client-secret-strength", Map.of())),
                        List.of(PolicyRealm.condition("fapi-kit-client-auth-method",
                                Map.of("client-authenticators", List.of("client-secret-jwt")))));
        try {
            assertThat(selective.createClient(confidential("plain-weak", "abc")).statusCode()).as("no policy applies").isEqualTo(201);
            HttpResponse<String> ciba = selective.createClient(Map.of("clientId", "ciba-weak", "publicClient", false,
                    "clientAuthenticatorType", "client-secret", "secret", "abc",
                    "attributes", Map.of("oidc.ciba.grant.enabled", "true")));
            assertThat(ciba.statusCode()).as(ciba.body()).isEqualTo(400);
            HttpResponse<String> secretJwt = selective.createClient(Map.of("clientId", "jwt-weak", "publicClient", false,
                    "clientAuthenticatorType", "client-secret-jwt", "secret", "abc"));
            assertThat(secretJwt.statusCode()).as(secretJwt.body()).isEqualTo(400);
        } finally {
            selective.delete();
        }
    }
}
