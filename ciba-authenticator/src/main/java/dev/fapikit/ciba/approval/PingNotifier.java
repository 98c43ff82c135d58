package dev.fapikit.ciba.approval;

import org.keycloak.events.EventBuilder;
import org.keycloak.models.ClientModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.OAuth2DeviceCodeModel;
import org.keycloak.protocol.oidc.grants.ciba.endpoints.BackchannelAuthenticationCallbackEndpoint;

/**
 * CIBA Core 1.0 §10.2 ping: reuses Keycloak's own client-notification sender (the protected hook of its callback
 * endpoint) so ping behaves exactly as with the stock HTTP channel. Issue 5 replaces it with the guarded outbound
 * delivery shared with push.
 */
final class PingNotifier extends BackchannelAuthenticationCallbackEndpoint {

    PingNotifier(KeycloakSession session, EventBuilder event) {
        super(session, event);
    }

    void ping(ClientModel client, OAuth2DeviceCodeModel deviceCode) {
        sendClientNotificationRequest(client, realm.getCibaPolicy(), deviceCode);
    }
}
