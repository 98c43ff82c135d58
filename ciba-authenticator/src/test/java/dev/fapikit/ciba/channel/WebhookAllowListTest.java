package dev.fapikit.ciba.channel;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;

import dev.fapikit.ciba.notify.OutboundUrlGuard;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Issue 16 review F1: the hosts an admin opens for the realm's webhook ({@code webhook-allowed-hosts}) are not open
 * to the notification endpoints clients register (ping, push), which only the server-wide outbound allow-list opens.
 */
class WebhookAllowListTest {

    @Test
    @DisplayName("a host allow-listed for the webhook is refused as a client's notification endpoint")
    void webhookHostsAreNotClientEndpoints() {
        DeviceChannelProviderFactory factory = new DeviceChannelProviderFactory();
        factory.init(new NotificationKeyStoreTest.MapScope(Map.of(DeviceChannelProviderFactory.WEBHOOK_ALLOWED_HOSTS, "10.1.2.3")));
        assertThatCode(() -> factory.urlGuard().checkRegistration("https://10.1.2.3/hook")).doesNotThrowAnyException();
        assertThatThrownBy(() -> factory.clientEndpointGuard().checkRegistration("https://10.1.2.3/cb"))
                .isInstanceOf(OutboundUrlGuard.RefusedException.class);
        assertThatThrownBy(() -> factory.clientEndpointGuard().checkRegistration("http://10.1.2.3:8080/admin"))
                .isInstanceOf(OutboundUrlGuard.RefusedException.class);
    }
}
