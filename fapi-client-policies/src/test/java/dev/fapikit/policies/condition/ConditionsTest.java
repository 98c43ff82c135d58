package dev.fapikit.policies.condition;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.keycloak.models.CibaConfig;
import org.keycloak.representations.idm.ClientRepresentation;
import org.keycloak.services.clientpolicy.ClientPolicyVote;

import static org.assertj.core.api.Assertions.assertThat;

class ConditionsTest {

    static PolicyClient client(boolean publicClient, String authenticator, Map<String, String> attributes) {
        return new PolicyClient(publicClient, authenticator, attributes);
    }

    @Test
    @DisplayName("A client is a CIBA client when its CIBA grant is enabled")
    void cibaClient() {
        assertThat(CibaClientCondition.isCibaClient(client(false, "client-jwt", Map.of(CibaConfig.OIDC_CIBA_GRANT_ENABLED, "true")))).isTrue();
        assertThat(CibaClientCondition.isCibaClient(client(false, "client-jwt", Map.of(CibaConfig.OIDC_CIBA_GRANT_ENABLED, "false")))).isFalse();
        assertThat(CibaClientCondition.isCibaClient(client(false, "client-jwt", Map.of()))).isFalse();
    }

    @Test
    @DisplayName("A registration is judged by what the client is about to become")
    void registrationUsesProposedRepresentation() {
        ClientRepresentation rep = new ClientRepresentation();
        rep.setClientAuthenticatorType("client-x509");
        rep.setAttributes(Map.of(CibaConfig.OIDC_CIBA_GRANT_ENABLED, "true"));
        PolicyClient proposed = PolicyClient.of(rep);
        assertThat(CibaClientCondition.isCibaClient(proposed)).isTrue();
        assertThat(ClientAuthMethodCondition.matches(proposed, List.of("client-x509"))).isTrue();
    }

    @Test
    @DisplayName("Auth-method condition: confidential clients with a listed authenticator only")
    void authMethod() {
        assertThat(ClientAuthMethodCondition.matches(client(false, "client-jwt", Map.of()), List.of("client-jwt", "client-x509"))).isTrue();
        assertThat(ClientAuthMethodCondition.matches(client(false, "client-secret", Map.of()), List.of("client-jwt"))).isFalse();
        assertThat(ClientAuthMethodCondition.matches(client(true, "client-jwt", Map.of()), List.of("client-jwt"))).isFalse();
        assertThat(ClientAuthMethodCondition.matches(client(false, null, Map.of()), List.of("client-jwt"))).isFalse();
    }

    @Test
    @DisplayName("An update matches when the stored or the proposed client matches; no client abstains")
    void vote() {
        PolicyClient ciba = client(false, "client-jwt", Map.of(CibaConfig.OIDC_CIBA_GRANT_ENABLED, "true"));
        PolicyClient plain = client(false, "client-jwt", Map.of());
        assertThat(PolicyClient.vote(List.of(plain, ciba), CibaClientCondition::isCibaClient)).isEqualTo(ClientPolicyVote.YES);
        assertThat(PolicyClient.vote(List.of(plain), CibaClientCondition::isCibaClient)).isEqualTo(ClientPolicyVote.NO);
        assertThat(PolicyClient.vote(List.of(), CibaClientCondition::isCibaClient)).isEqualTo(ClientPolicyVote.ABSTAIN);
    }
}
