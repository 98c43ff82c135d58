package dev.fapikit.ciba.approval;

import java.util.List;
import java.util.Map;
import java.util.function.ToIntFunction;

import org.jboss.logging.Logger;
import org.keycloak.common.util.Time;
import org.keycloak.events.Errors;
import org.keycloak.events.EventBuilder;
import org.keycloak.events.EventType;
import org.keycloak.models.CibaConfig;
import org.keycloak.models.ClientModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.OAuth2DeviceCodeModel;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.protocol.oidc.grants.device.DeviceGrantType;
import org.keycloak.protocol.oidc.grants.device.endpoints.DeviceEndpoint;
import org.keycloak.protocol.oidc.utils.AcrUtils;

/**
 * Lists a user's pending requests and records their decisions through Keycloak's own device-code path
 * ({@link DeviceGrantType#approveUserCode} / {@link DeviceGrantType#denyUserCode}), so the stock CIBA grant serves poll
 * and ping unchanged. Used by the approval page and the authenticator-app API alike.
 */
public final class ApprovalService {

    /** Event detail naming the CIBA step (accepted, notified, approved, denied, expired). */
    public static final String EVENT_DETAIL_STEP = "fapi_kit_ciba_step";
    /** Event detail naming where the user decided (page, app). */
    public static final String EVENT_DETAIL_VIA = "fapi_kit_ciba_via";

    private static final Logger LOG = Logger.getLogger(ApprovalService.class);

    public enum Decision { APPROVE, DENY }

    /** Outcome of a decision attempt; anything but {@code DONE} leaves the request untouched. */
    public enum Outcome { DONE, NOT_FOUND, EXPIRED, ALREADY_DECIDED, LEVEL_TOO_LOW }

    private final KeycloakSession session;
    private final RealmModel realm;
    private final PendingApprovalStore store;

    public ApprovalService(KeycloakSession session, PendingApprovalStore store) {
        this.session = session;
        this.realm = session.getContext().getRealm();
        this.store = store;
    }

    public java.util.Optional<PendingApproval> find(String id) {
        return store.get(realm.getId(), id);
    }

    public List<PendingApproval> pendingFor(UserModel user) {
        return store.listForUser(realm.getId(), user.getId());
    }

    /** The level of authentication the request's acr_values demand, mapped with the requesting client's acr map. */
    public int requiredLevel(PendingApproval request) {
        return AcrRequirement.requiredLevel(request.acrValues(), acrMap(request));
    }

    private Map<String, Integer> acrMap(PendingApproval request) {
        ClientModel client = realm.getClientByClientId(request.clientId());
        return client == null ? AcrUtils.getAcrLoaMap(realm) : AcrUtils.getAcrLoaMap(client);
    }

    /**
     * Decides one request. Only the user the request names may decide (anyone else gets {@code NOT_FOUND}, revealing
     * nothing), the decision is single-use and final, and it needs the level of authentication acr_values asked for.
     */
    public Outcome decide(UserModel user, String id, Decision decision, ToIntFunction<Map<String, Integer>> authenticatedLevel, String via) {
        EventBuilder event = new EventBuilder(realm, session, session.getContext().getConnection())
                .event(EventType.OAUTH2_DEVICE_VERIFY_USER_CODE).user(user)
                .detail(EVENT_DETAIL_VIA, via).detail("auth_result_id", id);
        PendingApproval request = store.get(realm.getId(), id).orElse(null);
        if (request == null || !request.userId().equals(user.getId())) {
            event.error(Errors.INVALID_OAUTH2_USER_CODE);
            return Outcome.NOT_FOUND;
        }
        event.client(request.clientId());
        if (request.expiresAt() <= Time.currentTime()) {
            event.detail(EVENT_DETAIL_STEP, "expired").error(Errors.EXPIRED_CODE);
            return Outcome.EXPIRED;
        }
        int required = requiredLevel(request);
        if (decision == Decision.APPROVE && required > 0 && authenticatedLevel.applyAsInt(acrMap(request)) < required) {
            event.error(Errors.ACCESS_DENIED);
            return Outcome.LEVEL_TOO_LOW;
        }
        if (store.claimDecision(request).isEmpty()) {
            event.error(Errors.INVALID_OAUTH2_USER_CODE);
            return Outcome.ALREADY_DECIDED;
        }
        boolean recorded = decision == Decision.APPROVE
                ? DeviceGrantType.approveUserCode(session, realm, id, "fapi-kit-ciba", Map.of())
                : DeviceGrantType.denyUserCode(session, realm, id);
        if (!recorded) {
            // The device code lapsed between our record and the decision: the client gets expired_token.
            event.detail(EVENT_DETAIL_STEP, "expired").error(Errors.EXPIRED_CODE);
            return Outcome.EXPIRED;
        }
        if (decision == Decision.APPROVE) {
            event.detail(EVENT_DETAIL_STEP, "approved").success();
        } else {
            event.detail(EVENT_DETAIL_STEP, "denied").error(Errors.CONSENT_DENIED);
        }
        pingIfRequested(request);
        return Outcome.DONE;
    }

    // CIBA Core 1.0 §10.2: in ping mode the client learns of the decision from a notification.
    private void pingIfRequested(PendingApproval request) {
        ClientModel client = realm.getClientByClientId(request.clientId());
        if (client == null || !CibaConfig.CIBA_PING_MODE.equals(realm.getCibaPolicy().getBackchannelTokenDeliveryMode(client))) {
            return;
        }
        OAuth2DeviceCodeModel deviceCode = DeviceEndpoint.getDeviceByUserCode(session, realm, request.id());
        if (deviceCode == null) return;
        EventBuilder event = new EventBuilder(realm, session, session.getContext().getConnection())
                .event(EventType.OAUTH2_DEVICE_VERIFY_USER_CODE).client(client).detail(EVENT_DETAIL_STEP, "ping");
        try {
            new PingNotifier(session, event).ping(client, deviceCode);
        } catch (RuntimeException e) {
            // The decision stands; the client can still poll (CIBA Core §10.2 allows polling in ping mode).
            LOG.warnf("CIBA ping to client '%s' failed: %s", client.getClientId(), e.getMessage());
        }
    }
}
