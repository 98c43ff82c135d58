package dev.fapikit.jarm.executor;

import static dev.fapikit.jarm.executor.Requests.authorizationRequest;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.keycloak.protocol.oidc.utils.OIDCResponseType;
import org.keycloak.services.clientpolicy.ClientPolicyException;

@DisplayName("fapi-kit-secure-response-type (FAPI 1.0 Advanced §5.2.2-2)")
class SecureJwtResponseTypeExecutorTest {

    private final SecureJwtResponseTypeExecutor executor = new SecureJwtResponseTypeExecutor(null);

    @ParameterizedTest
    @ValueSource(strings = {"jwt", "query.jwt", "fragment.jwt", "form_post.jwt"})
    void codeWithEveryJarmModePasses(String mode) {
        assertThatCode(() -> executor.executeOnAuthorizationRequest(OIDCResponseType.parse("code"),
                authorizationRequest("code", mode), "https://client.example/cb")).doesNotThrowAnyException();
    }

    @ParameterizedTest
    @NullSource
    @ValueSource(strings = {"query", "fragment", "form_post"})
    void codeWithoutJarmIsRefusedWithInvalidRequest(String mode) {
        assertThatThrownBy(() -> executor.executeOnAuthorizationRequest(OIDCResponseType.parse("code"),
                authorizationRequest("code", mode), "https://client.example/cb"))
                .isInstanceOfSatisfying(ClientPolicyException.class,
                        e -> org.assertj.core.api.Assertions.assertThat(e.getError()).isEqualTo("invalid_request"));
    }

    @Test
    void hybridCodeIdTokenStillPasses() {
        assertThatCode(() -> executor.executeOnAuthorizationRequest(OIDCResponseType.parse("code id_token"),
                authorizationRequest("code id_token", "fragment"), "https://client.example/cb")).doesNotThrowAnyException();
    }

    @Test
    void tokenResponseTypeWithJarmIsStillRefused() {
        assertThatThrownBy(() -> executor.executeOnAuthorizationRequest(OIDCResponseType.parse("code token"),
                authorizationRequest("code token", "fragment.jwt"), "https://client.example/cb"))
                .isInstanceOf(ClientPolicyException.class);
    }
}
