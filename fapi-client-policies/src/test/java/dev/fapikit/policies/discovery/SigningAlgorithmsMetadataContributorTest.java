package dev.fapikit.policies.discovery;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.keycloak.representations.idm.ClientPolicyExecutorRepresentation;
import org.keycloak.representations.idm.ClientPolicyRepresentation;
import org.keycloak.representations.idm.ClientProfileRepresentation;
import org.keycloak.util.JsonSerialization;

import static org.assertj.core.api.Assertions.assertThat;

@SuppressWarnings("unchecked")
class SigningAlgorithmsMetadataContributorTest {

    static final List<String> KEYCLOAK_ALGS = List.of("PS384", "RS384", "EdDSA", "ES384", "HS256", "ES256", "RS256", "PS256", "none");

    static Map<String, Object> keycloakMetadata() {
        Map<String, Object> metadata = new HashMap<>();
        for (String list : SigningAlgorithmsMetadataContributor.SIGNING_LISTS) {
            metadata.put(list, new ArrayList<>(KEYCLOAK_ALGS));
        }
        metadata.put("dpop_signing_alg_values_supported", new ArrayList<>(KEYCLOAK_ALGS));
        return metadata;
    }

    static ClientProfileRepresentation profile(String name, String executor, String configJson) throws Exception {
        ClientPolicyExecutorRepresentation rep = new ClientPolicyExecutorRepresentation();
        rep.setExecutorProviderId(executor);
        rep.setConfiguration(JsonSerialization.readValue(configJson, JsonNode.class));
        ClientProfileRepresentation profile = new ClientProfileRepresentation();
        profile.setName(name);
        profile.setExecutors(List.of(rep));
        return profile;
    }

    static ClientPolicyRepresentation policy(boolean enabled, String... profiles) {
        ClientPolicyRepresentation policy = new ClientPolicyRepresentation();
        policy.setName("p");
        policy.setEnabled(enabled);
        policy.setProfiles(List.of(profiles));
        return policy;
    }

    @Test
    @DisplayName("Any realm: 'none' leaves request_object_signing_alg_values_supported, other lists stay as Keycloak computed them")
    void noneNeverAdvertisedForRequestObjects() {
        Map<String, Object> metadata = keycloakMetadata();
        SigningAlgorithmsMetadataContributor.apply(metadata, Optional.empty());
        assertThat((List<Object>) metadata.get(SigningAlgorithmsMetadataContributor.REQUEST_OBJECT_SIGNING_ALGS))
                .doesNotContain("none").contains("RS256", "PS256");
        assertThat((List<Object>) metadata.get("id_token_signing_alg_values_supported")).isEqualTo(KEYCLOAK_ALGS);
    }

    @Test
    @DisplayName("Realm under a FAPI Kit profile: every signing list equals the allow-list, DPoP's included")
    void signingListsEqualThePolicy() throws Exception {
        Optional<Set<String>> allowed = SigningAlgorithmsMetadataContributor.allowList(
                List.of(policy(true, "fapi")),
                List.of(profile("fapi", "fapi-kit-signature-algorithm", "{\"allowed-algorithms\":[\"PS256\",\"ES256\"]}")));
        Map<String, Object> metadata = keycloakMetadata();
        SigningAlgorithmsMetadataContributor.apply(metadata, allowed);
        for (String list : SigningAlgorithmsMetadataContributor.SIGNING_LISTS) {
            assertThat((List<Object>) metadata.get(list)).as(list).containsExactlyInAnyOrder("PS256", "ES256");
        }
        // FAPI 2.0 Security Profile §5.4.1: the executor refuses DPoP proofs with other algorithms
        assertThat((List<Object>) metadata.get("dpop_signing_alg_values_supported")).containsExactlyInAnyOrder("PS256", "ES256");
    }

    @Test
    @DisplayName("Default executor configuration means PS256 and ES256; several policies advertise their union")
    void defaultsAndUnion() throws Exception {
        assertThat(SigningAlgorithmsMetadataContributor.allowList(List.of(policy(true, "a", "b")), List.of(
                profile("a", "fapi-kit-signature-algorithm", "{}"),
                profile("b", "fapi-kit-signature-algorithm", "{\"allowed-algorithms\":[\"EdDSA\"]}"))))
                .contains(Set.of("PS256", "ES256", "EdDSA"));
    }

    @Test
    @DisplayName("Disabled policies, and profiles without the executor, leave the lists alone")
    void notGoverned() throws Exception {
        ClientProfileRepresentation fapi = profile("fapi", "fapi-kit-signature-algorithm", "{}");
        assertThat(SigningAlgorithmsMetadataContributor.allowList(List.of(policy(false, "fapi")), List.of(fapi))).isEmpty();
        assertThat(SigningAlgorithmsMetadataContributor.allowList(List.of(policy(true, "other")),
                List.of(fapi, profile("other", "secure-session", "{}")))).isEmpty();
    }
}
