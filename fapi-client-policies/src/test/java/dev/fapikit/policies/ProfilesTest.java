package dev.fapikit.policies;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import dev.fapikit.policies.algorithm.SignatureAlgorithmExecutorFactory;
import dev.fapikit.policies.keys.ClientKeyStrengthExecutorFactory;
import dev.fapikit.policies.par.ParClientBindingExecutorFactory;
import dev.fapikit.policies.replay.RequestObjectReplayExecutorFactory;
import dev.fapikit.policies.secret.ClientSecretStrengthExecutorFactory;

import com.fasterxml.jackson.databind.JsonNode;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.keycloak.representations.idm.ClientProfileRepresentation;
import org.keycloak.representations.idm.ClientProfilesRepresentation;
import org.keycloak.representations.idm.SecurityProfileConfiguration;
import org.keycloak.services.clientpolicy.executor.ClientPolicyExecutorProviderFactory;
import org.keycloak.util.JsonSerialization;

import static org.assertj.core.api.Assertions.assertThat;

class ProfilesTest {

    /** Executors of the jarm-response-mode module, which the complete profiles reference. */
    /** Executors of the other bundle modules the profiles name (jarm-response-mode, ciba-authenticator). */
    static final Set<String> JARM_EXECUTORS = Set.of("fapi-kit-secure-response-type", "fapi-kit-jarm-required", "fapi-kit-jarm-encryption",
            "fapi-kit-ciba-no-push");

    static final List<String> PROFILES = List.of("fapi-kit-fapi-1-advanced", "fapi-kit-fapi-2-security-profile",
            "fapi-kit-fapi-2-message-signing", "fapi-kit-fapi-ciba", "fapi-kit-fapi-2-dpop-security-profile",
            "fapi-kit-fapi-2-dpop-message-signing");

    static <T> T read(String resource, Class<T> type) throws Exception {
        try (InputStream in = ProfilesTest.class.getResourceAsStream("/" + resource)) {
            assertThat(in).as(resource).isNotNull();
            return JsonSerialization.readValue(in, type);
        }
    }

    static List<ClientProfileRepresentation> profiles(String resource) throws Exception {
        return read(resource, ClientProfilesRepresentation.class).getProfiles();
    }

    @Test
    @DisplayName("The complete profiles exist, each with FAPI Kit's key-size and signing-algorithm executors")
    void completeProfiles() throws Exception {
        List<ClientProfileRepresentation> ours = profiles("fapi-kit-client-profiles.json");
        assertThat(ours).extracting(ClientProfileRepresentation::getName).containsExactlyElementsOf(PROFILES);
        for (ClientProfileRepresentation profile : ours) {
            assertThat(profile.getExecutors()).extracting(e -> e.getExecutorProviderId()).as(profile.getName())
                    .contains(ClientKeyStrengthExecutorFactory.PROVIDER_ID, SignatureAlgorithmExecutorFactory.PROVIDER_ID,
                            ClientSecretStrengthExecutorFactory.PROVIDER_ID)
                    .doesNotContain("secure-signature-algorithm", "secure-signature-algorithm-signed-jwt",
                            "secure-ciba-req-sig-algorithm", "secure-response-type");
        }
        assertThat(ours.get(2).getExecutors()).extracting(e -> e.getExecutorProviderId())
                .contains(RequestObjectReplayExecutorFactory.PROVIDER_ID, "fapi-kit-jarm-required", "secure-request-object");
    }

    @Test
    @DisplayName("Every executor a profile names exists: Keycloak's, this module's or the JARM module's")
    void everyExecutorExists() throws Exception {
        Set<String> known = Stream.concat(ServiceLoader.load(ClientPolicyExecutorProviderFactory.class).stream()
                        .map(p -> p.get().getId()), JARM_EXECUTORS.stream()).collect(Collectors.toSet());
        assertThat(known).contains("secure-session", ClientKeyStrengthExecutorFactory.PROVIDER_ID);
        for (ClientProfileRepresentation profile : profiles("fapi-kit-client-profiles.json")) {
            assertThat(profile.getExecutors()).extracting(e -> e.getExecutorProviderId()).as(profile.getName())
                    .allMatch(known::contains);
        }
    }

    @Test
    @DisplayName("The server-wide set is Keycloak's default profiles, unchanged, followed by the FAPI Kit profiles")
    void globalSetCarriesKeycloakDefaults() throws Exception {
        List<ClientProfileRepresentation> expected = Stream.concat(
                profiles("keycloak-default-client-profiles.json").stream(),
                profiles("fapi-kit-client-profiles.json").stream()).toList();
        assertThat(JsonSerialization.writeValueAsString(profiles("fapi-kit-global-client-profiles.json")))
                .isEqualTo(JsonSerialization.writeValueAsString(expected));
    }

    @Test
    @DisplayName("Each FAPI Kit executor configuration in the profiles reads into its typed configuration")
    void configurationsAreTyped() throws Exception {
        ClientProfileRepresentation ciba = profiles("fapi-kit-client-profiles.json").get(3);
        JsonNode replay = ciba.getExecutors().stream()
                .filter(e -> e.getExecutorProviderId().equals(RequestObjectReplayExecutorFactory.PROVIDER_ID)).findFirst()
                .orElseThrow().getConfiguration();
        assertThat(replay.get(RequestObjectReplayExecutorFactory.REQUIRE_JTI).asBoolean()).as("FAPI-CIBA §7.1.1 jti").isTrue();
        JsonNode alg = ciba.getExecutors().stream()
                .filter(e -> e.getExecutorProviderId().equals(SignatureAlgorithmExecutorFactory.PROVIDER_ID)).findFirst()
                .orElseThrow().getConfiguration();
        assertThat(JsonSerialization.mapper.convertValue(alg.get(SignatureAlgorithmExecutorFactory.ALLOWED_ALGORITHMS), List.class))
                .containsExactly("PS256", "ES256");
    }

    @Test
    @DisplayName("RFC 9126 §4: fapi-kit-par-client-binding runs right before secure-par-content (profile order), in the shipped profiles and the demo realms")
    void parClientBindingBeforeSecureParContent() throws Exception {
        List<ClientProfileRepresentation> all = new ArrayList<>(profiles("fapi-kit-client-profiles.json"));
        try (Stream<Path> realms = Files.list(Path.of("../docker/realms"))) {
            for (Path realm : realms.filter(r -> r.toString().endsWith(".json")).toList()) {
                JsonNode profiles = JsonSerialization.mapper.readTree(realm.toFile()).path("clientProfiles");
                if (!profiles.isMissingNode()) {
                    all.addAll(JsonSerialization.mapper.convertValue(profiles, ClientProfilesRepresentation.class).getProfiles());
                }
            }
        }
        int withPar = 0;
        for (ClientProfileRepresentation profile : all) {
            List<String> ids = profile.getExecutors().stream().map(e -> e.getExecutorProviderId()).toList();
            if (ids.contains("secure-par-content")) {
                withPar++;
                assertThat(ids.indexOf(ParClientBindingExecutorFactory.PROVIDER_ID)).as(profile.getName())
                        .isEqualTo(ids.indexOf("secure-par-content") - 1);
            }
            if (profile.getName().equals("fapi-kit-fapi-1-advanced")) {
                assertThat(ids).as(profile.getName()).contains(ParClientBindingExecutorFactory.PROVIDER_ID);
            }
        }
        assertThat(withPar).as("4 shipped profiles and 2 in docker/realms/fapi2.json").isEqualTo(6);
    }

    @Test
    @DisplayName("The security profile names the global set and no global policies")
    void securityProfile() throws Exception {
        SecurityProfileConfiguration config = read("fapi-kit-security-profile.json", SecurityProfileConfiguration.class);
        assertThat(config.getClientProfiles()).isEqualTo("fapi-kit-global-client-profiles");
        assertThat(config.getClientPolicies()).isNull();
    }
}
