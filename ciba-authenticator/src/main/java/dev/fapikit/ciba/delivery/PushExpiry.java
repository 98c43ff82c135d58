package dev.fapikit.ciba.delivery;

import dev.fapikit.ciba.channel.DeviceChannelProviderFactory;
import org.keycloak.OAuth2Constants;
import org.keycloak.OAuthErrorException;
import org.keycloak.models.ClientModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.OAuth2DeviceCodeModel;
import org.keycloak.models.RealmModel;
import org.keycloak.models.utils.KeycloakModelUtils;
import org.keycloak.protocol.oidc.grants.ciba.CibaGrantType;
import org.keycloak.protocol.oidc.grants.device.endpoints.DeviceEndpoint;
import org.keycloak.util.JsonSerialization;

/**
 * CIBA Core 1.0 §12: a push request nobody decided in time is pushed as {@code expired_token}, detected by the server
 * (no client polls in push mode). A timer on the node that accepted the request looks at the request just after its
 * expiry; it notifies only if the request is still undecided and it wins the request's once-only notification claim,
 * which a decision on any node takes too.
 */
public final class PushExpiry {

    /** Seconds after expiry the timer looks, so a decision at the last moment wins cleanly. */
    static final int AFTER_EXPIRY_SECONDS = 1;

    private PushExpiry() {
    }

    public static void schedule(KeycloakSession session, RealmModel realm, ClientModel client, String authResultId, int expiresIn) {
        NotificationDelivery delivery = DeviceChannelProviderFactory.deliveryOf(session);
        KeycloakSessionFactory factory = session.getKeycloakSessionFactory();
        String realmId = realm.getId();
        String clientUuid = client.getId();
        delivery.schedule(() -> KeycloakModelUtils.runJobInTransaction(factory,
                s -> expire(s, delivery, realmId, clientUuid, authResultId)), expiresIn + (long) AFTER_EXPIRY_SECONDS);
    }

    private static void expire(KeycloakSession session, NotificationDelivery delivery, String realmId, String clientUuid, String authResultId) {
        RealmModel realm = session.realms().getRealm(realmId);
        ClientModel client = realm == null ? null : realm.getClientById(clientUuid);
        if (client == null) return;
        OAuth2DeviceCodeModel deviceCode = DeviceEndpoint.getDeviceByUserCode(session, realm, authResultId);
        // undecided: not approved (no user session) and not denied
        if (deviceCode == null || !deviceCode.isPending() || deviceCode.isDenied() || deviceCode.getAuthReqId() == null
                || !NotificationDelivery.claim(session, realmId, authResultId, 60)) {
            return;
        }
        String body = JsonSerialization.createObjectNode().put(CibaGrantType.AUTH_REQ_ID, deviceCode.getAuthReqId())
                .put(OAuth2Constants.ERROR, OAuthErrorException.EXPIRED_TOKEN)
                .put(OAuth2Constants.ERROR_DESCRIPTION, "The user did not decide before the request expired").toString();
        delivery.send(new NotificationDelivery.Notification(realmId, client.getClientId(),
                realm.getCibaPolicy().getBackchannelClientNotificationEndpoint(client), deviceCode.getClientNotificationToken(),
                "expired", authResultId, body));
    }
}
