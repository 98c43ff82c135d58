package dev.fapikit.ciba.approval;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Properties;

import org.junit.jupiter.api.Test;

class ScopeDescriptionsTest {

    @Test
    void resolvesMessageReferencesAndKeepsPlainText() {
        Properties messages = new Properties();
        messages.setProperty("profileScopeConsentText", "User profile");
        assertThat(ScopeDescriptions.resolve("${profileScopeConsentText}", messages)).isEqualTo("User profile");
        assertThat(ScopeDescriptions.resolve("${missingKey}", messages)).isEqualTo("missingKey");
        assertThat(ScopeDescriptions.resolve("Read your accounts", messages)).isEqualTo("Read your accounts");
    }
}
