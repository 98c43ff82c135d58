package dev.fapikit.core.metadata;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class KeycloakVersionSupportTest {

    @Test
    @DisplayName("Keycloak 26.4 has start-up limits, each naming what does not work; 26.5+ has none")
    void limitsByVersion() {
        assertThat(KeycloakVersionSupport.limits("26.4.7")).isNotEmpty()
                .allSatisfy(limit -> assertThat(limit).contains("Keycloak 26.4"));
        assertThat(KeycloakVersionSupport.limits("26.7.3")).isEmpty();
        assertThat(KeycloakVersionSupport.limits("26.5.0")).isEmpty();
        assertThat(KeycloakVersionSupport.limits(null)).isEmpty();
    }

    @Test
    @DisplayName("the tested versions are compared by minor line")
    void sameMinor() {
        assertThat(KeycloakVersionSupport.sameMinor("26.4.7", "26.4.2")).isTrue();
        assertThat(KeycloakVersionSupport.sameMinor("26.7.3", "26.6.0")).isFalse();
        assertThat(KeycloakVersionSupport.sameMinor("26.7.3", "garbage")).isFalse();
    }
}
