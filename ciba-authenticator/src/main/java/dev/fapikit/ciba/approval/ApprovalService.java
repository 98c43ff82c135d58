package dev.fapikit.ciba.approval;

import java.util.List;
import java.util.Map;
import java.util.function.ToIntFunction;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.fapikit.ciba.delivery.CibaDelivery;
import dev.fapikit.ciba.delivery.NotificationDelivery;
import dev.fapikit.ciba.events.CibaEvents;
import dev.fapikit.ciba.grant.IssuanceRecord;
import dev.fapikit.ciba.grant.PushTokens;
import dev.fapikit.ciba.rar.RequestedDetails;
import org.jboss.logging.Logger;
import org.keycloak.OAuth2Constants;
import org.keycloak.OAuthErrorException;
import org.keycloak.common.util.Time;
import org.keycloak.events.Errors;
import org.keycloak.events.EventBuilder;
import org.keycloak.events.EventType;
import org.keycloak.models.CibaConfig;
import org.keycloak.models.ClientModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.OAuth2DeviceCodeModel;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserConsentModel;
import org.keycloak.models.UserModel;
import org.keycloak.protocol.oidc.grants.ciba.CibaGrantType;
import org.keycloak.protocol.oidc.grants.device.DeviceGrantType;
import org.keycloak.protocol.oidc.grants.device.endpoints.DeviceEndpoint;
import org.keycloak.protocol.oidc.utils.AcrUtils;
import org.keycloak.services.managers.UserConsentManager;
import org.keycloak.util.JsonSerialization;

/**
 * Lists a user's pending requests and records their decisions through Keycloak's own device-code path
 * ({@link DeviceGrantType#approveUserCode} / {@link DeviceGrantType#denyUserCode}), so the CIBA grant serves poll and
 * ping as in Keycloak, then notifies ping and push clients (push tokens are minted here). Used by the approval page and
 * the authenticator-app API alike.
 */
public final class ApprovalService {

    private static final Logger LOG = Logger.getLogger(ApprovalService.class);

    public enum Decision { APPROVE, DENY }

    /** Outcome of a decision attempt; anything but {@code DONE} leaves the request untouched. */
    public enum Outcome {
        DONE, NOT_FOUND, EXPIRED, ALREADY_DECIDED, LEVEL_TOO_LOW,
        /** An approval of a request with authorization details without (or with another) fingerprint of them. */
        DETAILS_NOT_ACKNOWLEDGED,
        /** An approval of a request whose stored authorization details cannot be shown. */
        DETAILS_UNREADABLE
    }

    private final KeycloakSession session;
    private final RealmModel realm;
    private final PendingApprovalStore store;

    public ApprovalService(KeycloakSession session, PendingApprovalStore store) {
        this.session = session;
        this.realm = session.getContext().getRealm();
        this.store = store;
    }

    public java.util.Optional<PendingApproval> find(String id) {
        // the store lists requests by user: the user is the one Keycloak's device-code record of the request names
        OAuth2DeviceCodeModel deviceCode = DeviceEndpoint.getDeviceByUserCode(session, realm, id);
        Map<String, String> recorded = deviceCode == null ? null : deviceCode.getAdditionalParams();
        String userId = recorded == null ? null : recorded.get(IssuanceRecord.RESOLVED_USER);
        return store.find(realm.getId(), userId, id);
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
     * nothing), the decision is single-use and final (a second one by that user is {@code ALREADY_DECIDED}), and it
     * needs the level of authentication acr_values asked for. An approval of a request with authorization details
     * needs {@code detailsFingerprint}, the fingerprint the listing gave for them (RFC 9396 §7: proof the approver was
     * shown them); a denial never does.
     */
    public Outcome decide(UserModel user, String id, Decision decision, ToIntFunction<Map<String, Integer>> authenticatedLevel,
            String detailsFingerprint, String via) {
        EventBuilder event = new EventBuilder(realm, session, session.getContext().getConnection())
                .event(EventType.OAUTH2_DEVICE_VERIFY_USER_CODE).user(user)
                .detail(CibaEvents.DETAIL_VIA, via).detail("auth_result_id", id);
        PendingApproval request = store.find(realm.getId(), user.getId(), id).orElse(null);
        if (request == null && store.decidedBy(realm.getId(), id, user.getId())) {
            // the user's own request, decided before: 409, while anyone else's id stays 404 and reveals nothing
            event.detail(CibaEvents.DETAIL_STEP, "already_decided").error(Errors.INVALID_OAUTH2_USER_CODE);
            return Outcome.ALREADY_DECIDED;
        }
        if (request == null) {
            // not found among this user's requests: gone, or another user's
            event.error(Errors.INVALID_OAUTH2_USER_CODE);
            return Outcome.NOT_FOUND;
        }
        event.client(request.clientId());
        if (request.expiresAt() <= Time.currentTime()) {
            event.detail(CibaEvents.DETAIL_STEP, "expired").error(Errors.EXPIRED_CODE);
            return Outcome.EXPIRED;
        }
        int required = requiredLevel(request);
        if (decision == Decision.APPROVE && required > 0 && authenticatedLevel.applyAsInt(acrMap(request)) < required) {
            event.error(Errors.ACCESS_DENIED);
            return Outcome.LEVEL_TOO_LOW;
        }
        String details = RequestedDetails.stored(session, realm.getId(), request.id());
        if (decision == Decision.APPROVE) {
            // RFC 9396 §7: the token carries the details only if the approver was shown them; nothing is decided here
            switch (RequestedDetails.acknowledgement(details, detailsFingerprint)) {
                case NOT_ACKNOWLEDGED -> {
                    event.detail(CibaEvents.DETAIL_STEP, "details_not_acknowledged").error(Errors.INVALID_REQUEST);
                    return Outcome.DETAILS_NOT_ACKNOWLEDGED;
                }
                case UNREADABLE -> {
                    event.detail(CibaEvents.DETAIL_STEP, "details_unreadable").error(Errors.INVALID_REQUEST);
                    return Outcome.DETAILS_UNREADABLE;
                }
                case ACKNOWLEDGED -> { }
            }
        }
        if (store.claimDecision(request).isEmpty()) {
            event.error(Errors.INVALID_OAUTH2_USER_CODE);
            return Outcome.ALREADY_DECIDED;
        }
        boolean recorded = decision == Decision.APPROVE
                ? DeviceGrantType.approveUserCode(session, realm, id, "fapi-kit-ciba", approvalRecord(user, request, details))
                : DeviceGrantType.denyUserCode(session, realm, id);
        if (!recorded) {
            // The device code lapsed between our record and the decision: the client gets expired_token.
            event.detail(CibaEvents.DETAIL_STEP, "expired").error(Errors.EXPIRED_CODE);
            return Outcome.EXPIRED;
        }
        if (decision == Decision.APPROVE) {
            event.detail(CibaEvents.DETAIL_STEP, "approved").success();
        } else {
            event.detail(CibaEvents.DETAIL_STEP, "denied").error(Errors.CONSENT_DENIED);
        }
        notifyClient(request, decision);
        return Outcome.DONE;
    }

    // What the grant checks before it issues (IssuanceRecord): who approved, the consent they had for the client, and
    // the authorization details they approved.
    private Map<String, String> approvalRecord(UserModel user, PendingApproval request, String details) {
        ClientModel client = realm.getClientByClientId(request.clientId());
        UserConsentModel consent = client == null ? null : UserConsentManager.getConsentByClient(session, realm, user, client.getId());
        Map<String, String> record = IssuanceRecord.atApproval(user.getId(),
                consent == null ? null : consent.getCreatedDate() == null ? Long.valueOf(0L) : consent.getCreatedDate());
        // RFC 9396: the fingerprint of the authorization_details the user was shown, which the grant requires
        return RequestedDetails.withApproval(details, record);
    }

    /**
     * CIBA Core 1.0 §10.2 ping, §10.3 push: tells a ping or push client about the decision, once (the claim is shared
     * with the other nodes and with the push expiry timer) and after this transaction committed, off this thread.
     * A push approval mints the tokens here, in the deciding transaction.
     */
    private void notifyClient(PendingApproval request, Decision decision) {
        ClientModel client = realm.getClientByClientId(request.clientId());
        if (client == null) return;
        CibaConfig policy = realm.getCibaPolicy();
        String mode = policy.getBackchannelTokenDeliveryMode(client);
        boolean push = CibaConfig.CIBA_PUSH_MODE.equals(mode);
        if (!push && !CibaConfig.CIBA_PING_MODE.equals(mode)) return;
        OAuth2DeviceCodeModel deviceCode = DeviceEndpoint.getDeviceByUserCode(session, realm, request.id());
        if (deviceCode == null || deviceCode.getAuthReqId() == null
                || !NotificationDelivery.claim(session, realm.getId(), request.id(), deviceCode.getExpiration() - Time.currentTime() + 60)) {
            return;
        }
        ObjectNode body = JsonSerialization.createObjectNode().put(CibaGrantType.AUTH_REQ_ID, deviceCode.getAuthReqId());
        if (push && decision == Decision.DENY) {
            // CIBA Core §12: a denial is pushed as an error.
            body.put(OAuth2Constants.ERROR, OAuthErrorException.ACCESS_DENIED).put(OAuth2Constants.ERROR_DESCRIPTION, "The user denied the request");
        } else if (push) {
            try {
                body = PushTokens.mint(session, client, deviceCode.getAuthReqId(), request.id());
            } catch (RuntimeException e) {
                // CIBA Core §12 transaction_failed: approved, but no tokens could be issued (the grant logged why).
                LOG.warnf("CIBA push tokens for client '%s' could not be issued: %s", client.getClientId(), e.getMessage());
                body.put(OAuth2Constants.ERROR, "transaction_failed").put(OAuth2Constants.ERROR_DESCRIPTION, "The tokens could not be issued");
            }
        }
        CibaDelivery.of(session).clientNotifications().sendAfterCommit(session, new NotificationDelivery.Notification(realm.getId(),
                client.getClientId(), policy.getBackchannelClientNotificationEndpoint(client), deviceCode.getClientNotificationToken(),
                mode, request.id(), body.toString()));
    }
}
