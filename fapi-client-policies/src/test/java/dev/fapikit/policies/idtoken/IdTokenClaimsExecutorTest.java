package dev.fapikit.policies.idtoken;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class IdTokenClaimsExecutorTest {

    @Test
    @DisplayName("post-logout redirect URIs count as a logout registration, Keycloak's default '+' alone does not")
    void postLogoutRedirectUris() {
        assertThat(IdTokenClaimsExecutor.registered(null)).isFalse();
        assertThat(IdTokenClaimsExecutor.registered("")).isFalse();
        assertThat(IdTokenClaimsExecutor.registered("+")).isFalse();
        assertThat(IdTokenClaimsExecutor.registered(" + ##")).isFalse();
        assertThat(IdTokenClaimsExecutor.registered("https://client.example.org/logged-out")).isTrue();
        assertThat(IdTokenClaimsExecutor.registered("+##https://client.example.org/logged-out")).isTrue();
    }
}
