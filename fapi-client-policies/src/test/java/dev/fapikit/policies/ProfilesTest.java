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
import dev.fapikit.policies.rar.AuthorizationDetailsExecutorFactory;
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

    static final List<String> PROFILES = List.of("fapi-kit-fapi-1-baseline", "fapi-kit-fapi-1-advanced", "fapi-kit-fapi-2-security-profile",
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

    static ClientProfileRepresentation named(List<ClientProfileRepresentation> profiles, String name) {
        return profiles.stream().filter(p -> p.getName().equals(name)).findFirst().orElseThrow(() -> new AssertionError(name));
    }

    static List<String> executorIds(ClientProfileRepresentation profile) {
        return profile.getExecutors().stream().map(e -> e.getExecutorProviderId()).toList();
    }

    static JsonNode configuration(ClientProfileRepresentation profile, String executor) {
        return profile.getExecutors().stream().filter(e -> e.getExecutorProviderId().equals(executor)).findFirst()
                .orElseThrow(() -> new AssertionError(profile.getName() + " has no " + executor)).getConfiguration();
    }

    @Test
    @DisplayName("fapi-kit-fapi-1-baseline: Keycloak's fapi-1-baseline executors in their order, plus the key, secret, algorithm and replay rules")
    void baselineProfile() throws Exception {
        ClientProfileRepresentation keycloak = named(profiles("keycloak-default-client-profiles.json"), "fapi-1-baseline");
        ClientProfileRepresentation ours = named(profiles("fapi-kit-client-profiles.json"), "fapi-kit-fapi-1-baseline");
        List<String> ids = executorIds(ours);
        assertThat(ids).containsSubsequence(executorIds(keycloak))
                .contains(ClientKeyStrengthExecutorFactory.PROVIDER_ID, ClientSecretStrengthExecutorFactory.PROVIDER_ID,
                        SignatureAlgorithmExecutorFactory.PROVIDER_ID, RequestObjectReplayExecutorFactory.PROVIDER_ID)
                // FAPI 1.0 Part 1 §5.2.2-2: public clients should be supported, as in Keycloak's fapi-1-baseline
                .doesNotContain("confidential-client", "fapi-kit-confidential-client-registration", "holder-of-key-enforcer");

        // FAPI 1.0 Part 1 §5.2.2-4: mTLS, client_secret_jwt or private_key_jwt; never client_secret_basic/post
        List<Object> authenticators = JsonSerialization.mapper.convertValue(
                configuration(ours, "secure-client-authenticator").get("allowed-client-authenticators"), List.class);
        assertThat(authenticators).contains("client-jwt", "client-secret-jwt", "client-x509").doesNotContain("client-secret");

        // client_secret_jwt assertions are HMAC-signed (RFC 7523 §2.2, OpenID Connect Core §9): HS256 allowed, none never
        JsonNode alg = configuration(ours, SignatureAlgorithmExecutorFactory.PROVIDER_ID);
        assertThat(SignatureAlgorithmExecutorFactory.allowedAlgorithms(alg)).containsExactly("PS256", "ES256", "HS256");
        assertThat(alg.get(SignatureAlgorithmExecutorFactory.DEFAULT_ALGORITHM).asText()).isEqualTo("PS256");

        // FAPI 1.0 Part 1 §5.2.2-3, OpenID Connect Core §16.19
        JsonNode secret = configuration(ours, ClientSecretStrengthExecutorFactory.PROVIDER_ID);
        assertThat(secret.get(ClientSecretStrengthExecutorFactory.MIN_ENTROPY_BITS).asInt()).isEqualTo(128);
        // FAPI 1.0 Part 1 §5.2.2-5/-6 (2048-bit RSA; 160-bit EC, below the server-wide 256-bit floor)
        assertThat(configuration(ours, ClientKeyStrengthExecutorFactory.PROVIDER_ID)
                .get(ClientKeyStrengthExecutorFactory.MIN_RSA_KEY_SIZE).asInt()).isEqualTo(2048);
        assertThat(configuration(ours, "pkce-enforcer").get("auto-configure").asBoolean()).as("Part 1 §5.2.2-7").isTrue();
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
        assertThat(named(ours, "fapi-kit-fapi-2-message-signing").getExecutors()).extracting(e -> e.getExecutorProviderId())
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
    @DisplayName("Global profiles: Keycloak's default profiles unchanged and first, then every FAPI Kit profile once")
    void globalSetCarriesKeycloakDefaults() throws Exception {
        List<ClientProfileRepresentation> keycloak = profiles("keycloak-default-client-profiles.json");
        List<ClientProfileRepresentation> fapiKit = profiles("fapi-kit-client-profiles.json");
        var merged = dev.fapikit.policies.profiles.GlobalProfilesTestAccess.merge(keycloak, fapiKit);
        assertThat(JsonSerialization.writeValueAsString(merged))
                .isEqualTo(JsonSerialization.writeValueAsString(Stream.concat(keycloak.stream(), fapiKit.stream()).toList()));
        // a base that already loads FAPI Kit's file (the former server option) gets no second copy
        var twice = dev.fapikit.policies.profiles.GlobalProfilesTestAccess.merge(merged, fapiKit);
        assertThat(twice).extracting(ClientProfileRepresentation::getName).doesNotHaveDuplicates().hasSize(merged.size());
    }

    @Test
    @DisplayName("Each FAPI Kit executor configuration in the profiles reads into its typed configuration")
    void configurationsAreTyped() throws Exception {
        ClientProfileRepresentation ciba = named(profiles("fapi-kit-client-profiles.json"), "fapi-kit-fapi-ciba");
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
        assertThat(withPar).as("4 shipped profiles; the demo realms name them as global profiles").isEqualTo(4);
    }

    @Test
    @DisplayName("RFC 9396 §5: the FAPI 2.0 profiles check authorization_details against the supported and the client's registered types")
    void fapi2ProfilesCheckAuthorizationDetails() throws Exception {
        List<ClientProfileRepresentation> ours = profiles("fapi-kit-client-profiles.json");
        for (String name : List.of("fapi-kit-fapi-2-security-profile", "fapi-kit-fapi-2-message-signing",
                "fapi-kit-fapi-2-dpop-security-profile", "fapi-kit-fapi-2-dpop-message-signing")) {
            JsonNode config = configuration(named(ours, name), AuthorizationDetailsExecutorFactory.PROVIDER_ID);
            assertThat(config.get(AuthorizationDetailsExecutorFactory.REQUIRE_REGISTERED_TYPES).asBoolean()).as(name).isTrue();
        }
    }

    @Test
    @DisplayName("The former server option's security profile names Keycloak's default profiles (FAPI Kit's are added by the fapi-kit provider) and no global policies")
    void securityProfile() throws Exception {
        SecurityProfileConfiguration config = read("fapi-kit-security-profile.json", SecurityProfileConfiguration.class);
        assertThat(config.getClientProfiles()).isEqualTo("keycloak-default-client-profiles");
        assertThat(config.getClientPolicies()).isNull();
    }
}
