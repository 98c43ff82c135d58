package dev.fapikit.it.policies;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.jar.JarFile;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import dev.fapikit.it.harness.FapiKit;
import dev.fapikit.it.harness.FapiKitServer;
import dev.fapikit.it.harness.Http;

/**
 * The complete profiles shipped in the bundle ({@code fapi-kit-client-profiles.json}) install into a realm as an admin
 * would import them, and a FAPI 2.0 policy built on them governs its clients.
 */
@FapiKitServer
class CompleteProfilesIT {

    static final List<String> PROFILES = List.of("fapi-kit-fapi-1-baseline", "fapi-kit-fapi-1-advanced", "fapi-kit-fapi-2-security-profile",
            "fapi-kit-fapi-2-message-signing", "fapi-kit-fapi-ciba");

    /** The profile file from the fapi-client-policies JAR installed in the server's providers/ folder. */
    static JsonNode shippedProfiles(FapiKit kit) throws IOException {
        try (Stream<Path> jars = Files.list(kit.server().home().resolve("providers"))) {
            Path jar = jars.filter(p -> p.getFileName().toString().startsWith("fapi-kit-fapi-client-policies")).findFirst().orElseThrow();
            try (JarFile j = new JarFile(jar.toFile()); InputStream in = j.getInputStream(j.getEntry("fapi-kit-client-profiles.json"))) {
                return Http.JSON.readTree(in);
            }
        }
    }

    @Test
    @DisplayName("the complete profiles (FAPI 1.0 Baseline and Advanced, FAPI 2.0, CIBA) install into a realm; a FAPI 2.0 policy on them refuses weak clients and fills algorithms")
    void completeProfilesGovernClients(FapiKit kit) throws IOException {
        JsonNode executors = kit.admin().get("serverinfo").get("componentTypes")
                .get("org.keycloak.services.clientpolicy.executor.ClientPolicyExecutorProvider");
        assumeThat(executors.findValuesAsText("id")).as("the jarm-response-mode executors are installed")
                .contains("fapi-kit-secure-response-type", "fapi-kit-jarm-required", "fapi-kit-jarm-encryption");

        JsonNode profiles = shippedProfiles(kit);
        assertThat(profiles.get("profiles").findValuesAsText("name")).containsAll(PROFILES);
        // RFC 9126 §4: executors run in profile order, so the request_uri's client is checked before secure-par-content
        // parses the pushed request object with the presenting client's keys
        for (JsonNode profile : profiles.get("profiles")) {
            List<String> ids = profile.get("executors").findValuesAsText("executor");
            if (ids.contains("secure-par-content")) {
                assertThat(ids.indexOf("fapi-kit-par-client-binding")).as(profile.get("name").asText())
                        .isEqualTo(ids.indexOf("secure-par-content") - 1);
            }
        }
        PolicyRealm realm = PolicyRealm.create(kit, "complete");
        try {
            HttpResponse<String> installed = kit.admin().put("realms/" + realm.name + "/client-policies/profiles", profiles);
            assertThat(installed.statusCode()).as(installed.body()).isEqualTo(204);
            ObjectNode policies = Http.JSON.createObjectNode();
            ObjectNode policy = policies.putArray("policies").addObject().put("name", "fapi2").put("enabled", true);
            policy.putArray("conditions").addObject().put("condition", "any-client").putObject("configuration");
            ((ArrayNode) policy.putArray("profiles")).add("fapi-kit-fapi-2-security-profile");
            HttpResponse<String> applied = kit.admin().put("realms/" + realm.name + "/client-policies/policies", policies);
            assertThat(applied.statusCode()).as(applied.body()).isEqualTo(204);

            HttpResponse<String> weak = realm.createClient(Map.of("clientId", "weak", "clientAuthenticatorType", "client-jwt",
                    "redirectUris", List.of("https://client.example.org/cb"), "secret", "abc"));
            assertThat(weak.statusCode()).as(weak.body()).isEqualTo(400);

            HttpResponse<String> ok = realm.createClient(Map.of("clientId", "good", "clientAuthenticatorType", "client-jwt",
                    "redirectUris", List.of("https://client.example.org/cb")));
            assertThat(ok.statusCode()).as(ok.body()).isEqualTo(201);
            JsonNode good = realm.client("good");
            assertThat(good.get("attributes").get("request.object.signature.alg").asText()).isEqualTo("PS256");
            assertThat(good.get("attributes").get("pkce.code.challenge.method").asText()).isEqualTo("S256");

            JsonNode metadata = Http.json(Http.get(kit.http(null), realm.issuer() + "/.well-known/openid-configuration"));
            assertThat(Http.JSON.convertValue(metadata.get("token_endpoint_auth_signing_alg_values_supported"), List.class))
                    .containsExactlyInAnyOrder("PS256", "ES256");
        } finally {
            realm.delete();
        }
    }
}
