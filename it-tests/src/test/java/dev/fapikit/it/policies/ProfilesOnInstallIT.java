package dev.fapikit.it.policies;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import dev.fapikit.it.harness.AdminApi;
import dev.fapikit.it.harness.FapiKit;
import dev.fapikit.it.harness.FapiKitServer;
import dev.fapikit.it.harness.Http;
import dev.fapikit.it.harness.KeycloakServer;

/**
 * Issue 18 §1: the JARs dropped into a fresh distribution, {@code kc.sh build}, no FAPI Kit server option at all. The
 * complete profiles are global profiles of every realm next to Keycloak's built-in ones; the demo realm files import;
 * a realm file of an earlier release, which declares its own copies of the profiles (one identical, one customised),
 * imports too, with a log line per copy, instead of stopping the server.
 */
@FapiKitServer
@DisplayName("FAPI profiles on install: global in every realm, no server option")
class ProfilesOnInstallIT {

    /** Every profile of {@code fapi-kit-client-profiles.json}. */
    static final List<String> FAPI_KIT_PROFILES = List.of("fapi-kit-fapi-1-baseline", "fapi-kit-fapi-1-advanced",
            "fapi-kit-fapi-2-security-profile", "fapi-kit-fapi-2-message-signing", "fapi-kit-fapi-ciba",
            "fapi-kit-fapi-2-dpop-security-profile", "fapi-kit-fapi-2-dpop-message-signing");

    /** Keycloak 26.7.3's built-in global profiles, which must stay as Keycloak ships them. */
    static final List<String> KEYCLOAK_PROFILES = List.of("fapi-1-baseline", "fapi-1-advanced", "fapi-ciba", "fapi-2-security-profile",
            "fapi-2-message-signing");

    static final String LEGACY_REALM = "legacy-profiles";

    private static KeycloakServer node;
    private static AdminApi admin;
    private static JsonNode shipped;

    @BeforeAll
    static void start(FapiKit kit) throws IOException {
        shipped = CompleteProfilesIT.shippedProfiles(kit);
        Path legacy = Files.createTempDirectory("fapi-kit-legacy").resolve(LEGACY_REALM + ".json");
        Files.writeString(legacy, Http.JSON.writeValueAsString(legacyRealm(shipped)));
        List<Path> realms = new ArrayList<>(FapiKit.realmFiles(kit.settings()));
        realms.add(legacy);
        node = KeycloakServer.builder(kit.settings(), kit.pki(), Path.of(System.getProperty("fapikit.work.dir", "target/fapi-kit-it")).toAbsolutePath().resolve("install-node"))
                .importRealms(realms)
                .env(kit.demo().env())
                // no FAPI Kit option: only what Keycloak itself needs (HTTPS, admin, database) comes from the harness
                .progress(s -> System.out.println("[fapi-kit install-node] " + s))
                .build().install().start();
        HttpClient http = kit.http(null);
        admin = AdminApi.of(node, http);
    }

    @AfterAll
    static void stop() {
        if (node != null) {
            node.close();
        }
    }

    /** A realm file as earlier releases shipped them: FAPI Kit's profiles declared in the realm, policies naming them. */
    static ObjectNode legacyRealm(JsonNode shipped) {
        ObjectNode realm = Http.JSON.createObjectNode().put("realm", LEGACY_REALM).put("enabled", true);
        ArrayNode profiles = realm.putObject("clientProfiles").putArray("profiles");
        for (JsonNode profile : shipped.get("profiles")) {
            String name = profile.get("name").asText();
            if (name.equals("fapi-kit-fapi-1-advanced")) {
                profiles.add(profile.deepCopy());
            } else if (name.equals("fapi-kit-fapi-2-security-profile")) {
                ObjectNode customised = profile.deepCopy();
                ((ArrayNode) customised.get("executors")).remove(0);
                profiles.add(customised);
            }
        }
        profiles.addObject().put("name", "legacy-own").put("description", "a profile of the realm's own")
                .putArray("executors").addObject().put("executor", "secure-session").putObject("configuration");
        ArrayNode policies = realm.putObject("clientPolicies").putArray("policies");
        for (String profile : List.of("fapi-kit-fapi-1-advanced", "fapi-kit-fapi-2-security-profile", "legacy-own")) {
            ObjectNode policy = policies.addObject().put("name", "uses-" + profile).put("enabled", true);
            ObjectNode condition = policy.putArray("conditions").addObject().put("condition", "client-attributes");
            condition.putObject("configuration").put("attributes", "[{\"key\":\"fapi-kit.profile\",\"value\":\"" + profile + "\"}]");
            policy.putArray("profiles").add(profile);
        }
        return realm;
    }

    static List<String> globalProfiles(String realm) {
        JsonNode profiles = admin.get("realms/" + realm + "/client-policies/profiles?include-global-profiles=true");
        List<String> names = new ArrayList<>();
        profiles.path("globalProfiles").forEach(p -> names.add(p.get("name").asText()));
        return names;
    }

    static List<String> realmProfiles(String realm) {
        List<String> names = new ArrayList<>();
        admin.get("realms/" + realm + "/client-policies/profiles").path("profiles").forEach(p -> names.add(p.get("name").asText()));
        return names;
    }

    @Test
    @DisplayName("every realm (master, the demo realms, a new one) lists every fapi-kit-* profile as global, after Keycloak's built-in ones")
    void everyRealmHasTheProfiles() {
        String fresh = "fresh-" + UUID.randomUUID().toString().substring(0, 8);
        assertThat(admin.post("realms", Map.of("realm", fresh, "enabled", true)).statusCode()).isEqualTo(201);
        for (String realm : List.of("master", "fapi1-advanced", "fapi2", "fapi-ciba", fresh)) {
            List<String> global = globalProfiles(realm);
            assertThat(global).as(realm).containsAll(FAPI_KIT_PROFILES).containsAll(KEYCLOAK_PROFILES).doesNotHaveDuplicates();
            assertThat(global.indexOf("fapi-kit-fapi-1-baseline")).as("%s: Keycloak's built-in profiles first", realm)
                    .isGreaterThan(global.indexOf("fapi-2-message-signing"));
            assertThat(realmProfiles(realm)).as("%s holds no copy of its own", realm).doesNotContainAnyElementsOf(FAPI_KIT_PROFILES);
        }
    }

    @Test
    @DisplayName("a policy naming each fapi-kit-* profile can be created in a new realm")
    void policiesNameEachProfile() {
        String realm = "policies-" + UUID.randomUUID().toString().substring(0, 8);
        assertThat(admin.post("realms", Map.of("realm", realm, "enabled", true)).statusCode()).isEqualTo(201);
        ObjectNode body = Http.JSON.createObjectNode();
        ArrayNode policies = body.putArray("policies");
        for (String profile : FAPI_KIT_PROFILES) {
            ObjectNode policy = policies.addObject().put("name", "p-" + profile).put("enabled", true);
            policy.putArray("conditions").addObject().put("condition", "client-attributes").putObject("configuration")
                    .put("attributes", "[{\"key\":\"fapi-kit.profile\",\"value\":\"" + profile + "\"}]");
            policy.putArray("profiles").add(profile);
        }
        HttpResponse<String> r = admin.put("realms/" + realm + "/client-policies/policies", body);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(204);
        assertThat(admin.get("realms/" + realm + "/client-policies/policies").get("policies").findValuesAsText("name"))
                .hasSize(FAPI_KIT_PROFILES.size());
    }

    @Test
    @DisplayName("the demo realm files import and their policies name the global profiles")
    void demoRealmsImport() {
        assertThat(admin.get("realms/fapi1-advanced/client-policies/policies").get("policies").findValues("profiles").toString())
                .contains("fapi-kit-fapi-1-advanced");
        assertThat(admin.get("realms/fapi2/client-policies/policies").get("policies").findValues("profiles").toString())
                .contains("fapi-kit-fapi-2-security-profile", "fapi-kit-fapi-2-dpop-message-signing");
        assertThat(admin.get("realms/fapi-ciba/client-policies/policies").get("policies").findValues("profiles").toString())
                .contains("fapi-kit-fapi-ciba");
    }

    @Test
    @DisplayName("a realm file that declares its own copies imports: copies left out with a log line each (INFO identical, WARN customised), policies kept")
    void legacyRealmFileImports() throws IOException {
        assertThat(realmProfiles(LEGACY_REALM)).containsExactly("legacy-own");
        assertThat(admin.get("realms/" + LEGACY_REALM + "/client-policies/policies").get("policies").findValuesAsText("name"))
                .containsExactly("uses-fapi-kit-fapi-1-advanced", "uses-fapi-kit-fapi-2-security-profile", "uses-legacy-own");
        String log = Files.readString(node.logFile());
        assertThat(log).contains("INFO").contains("Realm '" + LEGACY_REALM + "' declares client profile 'fapi-kit-fapi-1-advanced', which FAPI Kit provides as a global profile");
        assertThat(log).contains("WARN").contains("Realm '" + LEGACY_REALM + "' declares its own client profile 'fapi-kit-fapi-2-security-profile', which differs from FAPI Kit's global profile");
    }

    @Test
    @DisplayName("the profiles endpoint accepts the shipped profiles file (automation of earlier releases) and keeps only the realm's own profiles")
    void profilesEndpointTolerated() {
        String realm = "put-" + UUID.randomUUID().toString().substring(0, 8);
        assertThat(admin.post("realms", Map.of("realm", realm, "enabled", true)).statusCode()).isEqualTo(201);
        HttpResponse<String> r = admin.put("realms/" + realm + "/client-policies/profiles", shipped);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(204);
        assertThat(realmProfiles(realm)).isEmpty();
        // Keycloak's own rule still holds for its built-in names
        ObjectNode builtIn = Http.JSON.createObjectNode();
        builtIn.putArray("profiles").addObject().put("name", "fapi-1-advanced").putArray("executors");
        HttpResponse<String> refused = admin.put("realms/" + realm + "/client-policies/profiles", builtIn);
        assertThat(refused.statusCode()).as(refused.body()).isEqualTo(400);
    }
}
