package dev.fapikit.ciba.delivery;

import org.jboss.logging.Logger;
import org.keycloak.OAuth2Constants;
import org.keycloak.OAuthErrorException;
import org.keycloak.cluster.ClusterProvider;
import org.keycloak.common.util.Time;
import org.keycloak.models.AbstractKeycloakTransaction;
import org.keycloak.models.ClientModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.OAuth2DeviceCodeModel;
import org.keycloak.models.RealmModel;
import org.keycloak.models.utils.KeycloakModelUtils;
import org.keycloak.models.utils.PostMigrationEvent;
import org.keycloak.protocol.oidc.grants.ciba.CibaGrantType;
import org.keycloak.protocol.oidc.grants.device.endpoints.DeviceEndpoint;
import org.keycloak.util.JsonSerialization;

/**
 * CIBA Core 1.0 §12: a push request nobody decided in time is pushed as {@code expired_token}, detected by the server
 * (no client polls in push mode).
 *
 * <p>Every node of the cluster holds a timer for every push request, so the push survives the node that accepted the
 * request going down: that node arms its own timer and, once the request is stored, tells the others through Keycloak's
 * {@link ClusterProvider} ({@link PushExpiryEvent}). Just after the expiry each timer looks at the request; a timer
 * notifies only if the request is still undecided and it wins the request's once-only notification claim in the
 * cluster-wide single-use store, which a decision on any node takes too. So of all timers and decisions exactly one
 * notifies. A node that (re)starts after the request was accepted holds no timer for it; the others do.
 */
public final class PushExpiry {

    /** Cluster event key of {@link PushExpiryEvent}. */
    public static final String CLUSTER_EVENT = "fapi-kit-ciba-push-expiry";

    /** Seconds after expiry the timer looks, so a decision at the last moment wins cleanly. */
    static final int AFTER_EXPIRY_SECONDS = 1;

    private static final Logger LOG = Logger.getLogger(PushExpiry.class);

    private PushExpiry() {
    }

    /** Arms the expiry timer of a push request on this node now and on every other node once the request is stored. */
    public static void schedule(KeycloakSession session, RealmModel realm, ClientModel client, String authResultId, int expiresIn) {
        PushExpiryEvent event = new PushExpiryEvent(realm.getId(), client.getId(), authResultId, Time.currentTime() + (long) expiresIn);
        arm(session.getKeycloakSessionFactory(), CibaDelivery.of(session).clientNotifications(), event);
        session.getTransactionManager().enlistAfterCompletion(new AbstractKeycloakTransaction() {
            @Override
            protected void commitImpl() {
                broadcast(session, event);
            }

            @Override
            protected void rollbackImpl() {
                // not stored: nothing to expire
            }
        });
    }

    /**
     * Listens on this node for timers armed by other nodes (call once per server start). The listener is registered
     * after migration, when Keycloak's cluster is up.
     */
    public static void listen(KeycloakSessionFactory factory) {
        factory.register(e -> {
            if (e instanceof PostMigrationEvent) {
                KeycloakModelUtils.runJobInTransaction(factory, s -> {
                    NotificationDelivery delivery = CibaDelivery.of(s).clientNotifications();
                    // runs on a cluster thread: only schedules, the check itself runs later on a delivery thread
                    s.getProvider(ClusterProvider.class).registerListener(CLUSTER_EVENT, received -> {
                        if (received instanceof PushExpiryEvent event) arm(factory, delivery, event);
                    });
                });
            }
        });
    }

    // ignoreSender: the accepting node armed its timer already. A failed broadcast leaves that timer in place.
    private static void broadcast(KeycloakSession session, PushExpiryEvent event) {
        try {
            ClusterProvider cluster = session.getProvider(ClusterProvider.class);
            if (cluster != null) cluster.notify(CLUSTER_EVENT, event, true);
        } catch (RuntimeException e) {
            LOG.warnf(e, "Could not tell the other nodes about the expiry of CIBA push request %s; only this node will push it",
                    event.authResultId());
        }
    }

    /** Schedules the expiry check of {@code event} on this node's delivery threads. */
    static void arm(KeycloakSessionFactory factory, NotificationDelivery delivery, PushExpiryEvent event) {
        delivery.schedule(() -> {
            try {
                KeycloakModelUtils.runJobInTransaction(factory, s -> expire(s, delivery, event));
            } catch (RuntimeException e) {
                LOG.warnf(e, "CIBA push expiry check of request %s failed", event.authResultId());
            }
        }, delaySeconds(event.expiresAt(), Time.currentTime()));
    }

    /** Seconds until the timer looks: just after expiry, at once for a request that expired meanwhile. */
    static long delaySeconds(long expiresAt, long now) {
        return Math.max(0, expiresAt - now) + AFTER_EXPIRY_SECONDS;
    }

    private static void expire(KeycloakSession session, NotificationDelivery delivery, PushExpiryEvent event) {
        RealmModel realm = session.realms().getRealm(event.realmId());
        ClientModel client = realm == null ? null : realm.getClientById(event.clientUuid());
        if (client == null) return;
        String authResultId = event.authResultId();
        OAuth2DeviceCodeModel deviceCode = DeviceEndpoint.getDeviceByUserCode(session, realm, authResultId);
        // undecided: not approved (no user session) and not denied
        if (deviceCode == null || !deviceCode.isPending() || deviceCode.isDenied() || deviceCode.getAuthReqId() == null
                || !NotificationDelivery.claim(session, realm.getId(), authResultId, 60)) {
            return;
        }
        LOG.debugf("CIBA push request %s expired undecided: pushing expired_token", authResultId);
        String body = JsonSerialization.createObjectNode().put(CibaGrantType.AUTH_REQ_ID, deviceCode.getAuthReqId())
                .put(OAuth2Constants.ERROR, OAuthErrorException.EXPIRED_TOKEN)
                .put(OAuth2Constants.ERROR_DESCRIPTION, "The user did not decide before the request expired").toString();
        delivery.send(new NotificationDelivery.Notification(realm.getId(), client.getClientId(),
                realm.getCibaPolicy().getBackchannelClientNotificationEndpoint(client), deviceCode.getClientNotificationToken(),
                "expired", authResultId, body));
    }
}
