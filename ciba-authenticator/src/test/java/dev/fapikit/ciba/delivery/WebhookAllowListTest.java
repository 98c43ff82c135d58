package dev.fapikit.ciba.delivery;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;

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
        DefaultCibaDeliveryProviderFactory factory = new DefaultCibaDeliveryProviderFactory();
        factory.init(new NotificationKeyStoreTest.MapScope(Map.of(DeliverySettings.WEBHOOK_ALLOWED_HOSTS, "10.1.2.3")),
                new NotificationKeyStoreTest.MapScope(Map.of()));
        assertThatCode(() -> factory.webhookGuard().checkRegistration("https://10.1.2.3/hook")).doesNotThrowAnyException();
        assertThatThrownBy(() -> factory.clientEndpointGuard().checkRegistration("https://10.1.2.3/cb"))
                .isInstanceOf(OutboundUrlGuard.RefusedException.class);
        assertThatThrownBy(() -> factory.clientEndpointGuard().checkRegistration("http://10.1.2.3:8080/admin"))
                .isInstanceOf(OutboundUrlGuard.RefusedException.class);
    }
}
