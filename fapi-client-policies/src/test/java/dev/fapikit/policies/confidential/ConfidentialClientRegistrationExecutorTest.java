package dev.fapikit.policies.confidential;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.keycloak.OAuthErrorException;
import org.keycloak.representations.idm.ClientRepresentation;
import org.keycloak.services.clientpolicy.ClientPolicyException;
import org.keycloak.services.clientpolicy.context.AdminClientRegisterContext;

@DisplayName("FAPI: only confidential clients can be registered")
class ConfidentialClientRegistrationExecutorTest {

    private final ConfidentialClientRegistrationExecutor executor = new ConfidentialClientRegistrationExecutor();

    @Test
    void aPublicClientIsRefusedAsInvalidClientMetadata() {
        assertThatThrownBy(() -> executor.executeOnEvent(new AdminClientRegisterContext(client(true), null)))
                .isInstanceOf(ClientPolicyException.class)
                .hasFieldOrPropertyWithValue("error", OAuthErrorException.INVALID_CLIENT_METADATA)
                .hasMessageContaining("confidential clients only");
    }

    @Test
    void aConfidentialClientOrOneThatLeavesTheTypeUnsaidPasses() {
        assertThatCode(() -> executor.executeOnEvent(new AdminClientRegisterContext(client(false), null))).doesNotThrowAnyException();
        assertThatCode(() -> executor.executeOnEvent(new AdminClientRegisterContext(client(null), null))).doesNotThrowAnyException();
    }

    private static ClientRepresentation client(Boolean publicClient) {
        ClientRepresentation rep = new ClientRepresentation();
        rep.setClientId("c");
        rep.setPublicClient(publicClient);
        return rep;
    }
}
