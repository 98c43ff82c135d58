package dev.fapikit.jarm.executor;

import static dev.fapikit.jarm.executor.Requests.authorizationRequest;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.Map;

import jakarta.ws.rs.core.MultivaluedHashMap;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.keycloak.protocol.oidc.par.clientpolicy.context.PushedAuthorizationRequestContext;
import org.keycloak.representations.idm.ClientRepresentation;
import org.keycloak.services.clientpolicy.ClientPolicyEvent;
import org.keycloak.services.clientpolicy.ClientPolicyException;
import org.keycloak.services.clientpolicy.context.ClientCRUDContext;

@DisplayName("fapi-kit-jarm-required")
class JarmRequiredExecutorTest {

    private static final String EXCLUDE_ISS = "exclude.issuer.from.auth.response";

    private static JarmRequiredExecutor executor(boolean autoConfigure) {
        JarmRequiredExecutor executor = new JarmRequiredExecutor(null);
        JarmRequiredExecutor.Configuration configuration = new JarmRequiredExecutor.Configuration();
        configuration.setAutoConfigure(autoConfigure);
        executor.setupConfiguration(configuration);
        return executor;
    }

    private static ClientCRUDContext registration(ClientRepresentation client) {
        return new ClientCRUDContext() {
            @Override
            public ClientPolicyEvent getEvent() {
                return ClientPolicyEvent.REGISTER;
            }

            @Override
            public ClientRepresentation getProposedClientRepresentation() {
                return client;
            }
        };
    }

    @Nested
    @DisplayName("Given a client registered or updated under the policy")
    class Registration {

        @Test
        void autoConfigureLeavesTheSeparateIssParameterOut() throws ClientPolicyException {
            ClientRepresentation client = new ClientRepresentation();
            executor(true).executeOnEvent(registration(client));
            assertThat(client.getAttributes()).containsEntry(EXCLUDE_ISS, "true");
        }

        @Test
        void withoutAutoConfigureAClientThatKeepsTheIssParameterIsRefused() {
            ClientRepresentation client = new ClientRepresentation();
            client.setAttributes(new HashMap<>(Map.of(EXCLUDE_ISS, "false")));
            assertThatThrownBy(() -> executor(false).executeOnEvent(registration(client)))
                    .isInstanceOfSatisfying(ClientPolicyException.class, e -> assertThat(e.getError()).isEqualTo("invalid_client_metadata"));
        }

        @Test
        void withoutAutoConfigureAClientThatExcludesTheIssParameterPasses() {
            ClientRepresentation client = new ClientRepresentation();
            client.setAttributes(new HashMap<>(Map.of(EXCLUDE_ISS, "true")));
            assertThatCode(() -> executor(false).executeOnEvent(registration(client))).doesNotThrowAnyException();
        }
    }

    @Nested
    @DisplayName("Given a pushed authorization request (RFC 9126)")
    class PushedRequest {

        @ParameterizedTest
        @ValueSource(strings = {"jwt", "query.jwt", "fragment.jwt", "form_post.jwt"})
        void jarmModesPass(String mode) {
            assertThatCode(() -> executor(true).executeOnEvent(par(mode))).doesNotThrowAnyException();
        }

        @ParameterizedTest
        @NullSource
        @ValueSource(strings = {"query", "fragment", "form_post"})
        void otherModesAreRefusedWithInvalidRequest(String mode) {
            assertThatThrownBy(() -> executor(true).executeOnEvent(par(mode)))
                    .isInstanceOfSatisfying(ClientPolicyException.class, e -> {
                        assertThat(e.getError()).isEqualTo("invalid_request");
                        assertThat(e.getErrorDetail()).contains("query.jwt");
                    });
        }

        private PushedAuthorizationRequestContext par(String mode) {
            return new PushedAuthorizationRequestContext(null, authorizationRequest("code", mode), new MultivaluedHashMap<>());
        }
    }
}
