package dev.fapikit.ciba.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class NotificationSettingsTest {

    @Test
    void parsesChannelList() {
        NotificationSettings s = NotificationSettings.parse("email, Webhook app", " https://x.example/h ");
        assertThat(s.channels()).containsExactlyInAnyOrder(NotificationSettings.Channel.EMAIL,
                NotificationSettings.Channel.WEBHOOK, NotificationSettings.Channel.APP);
        assertThat(s.webhookUrl()).isEqualTo("https://x.example/h");
    }

    @Test
    void nothingConfiguredMeansNoChannel() {
        assertThat(NotificationSettings.parse(null, "").channels()).isEmpty();
        assertThat(NotificationSettings.parse(" ", null).webhookUrl()).isNull();
    }

    @Test
    void unknownChannelIsAnAdminErrorNamingTheAttribute() {
        assertThatThrownBy(() -> NotificationSettings.parse("sms", null))
                .hasMessageContaining("sms").hasMessageContaining("fapi-kit-ciba-channels");
    }
}
