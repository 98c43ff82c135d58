package dev.fapikit.ciba.approval;

import java.util.HashMap;
import java.util.Map;

/**
 * One backchannel authentication request waiting for its user's decision (CIBA Core 1.0 §7.1 parameters the
 * authentication device shows). Immutable; stored as a string map in Keycloak's single-use object store.
 *
 * @param id           the request's {@code auth_result_id}: the user-code key of Keycloak's device-code store, so a
 *                     decision goes through {@code DeviceGrantType.approveUserCode/denyUserCode}
 * @param realmId      realm the request belongs to
 * @param userId       the only user who may decide
 * @param clientId     client_id of the consumption device
 * @param scope        requested scopes, space separated
 * @param bindingMessage CIBA Core §7.1 binding_message, shown escaped, may be null
 * @param acrValues    CIBA Core §7.1 acr_values, may be null
 * @param expiresAt    epoch seconds after which the request is expired
 * @param slot         index of the per-user slot that lists this request
 */
public record PendingApproval(String id, String realmId, String userId, String clientId, String scope,
                              String bindingMessage, String acrValues, long expiresAt, int slot) {

    private static final String ID = "id", REALM = "realm", USER = "user", CLIENT = "client", SCOPE = "scope",
            BINDING = "binding_message", ACR = "acr_values", EXP = "exp", SLOT = "slot";

    Map<String, String> toMap() {
        Map<String, String> m = new HashMap<>();
        m.put(ID, id);
        m.put(REALM, realmId);
        m.put(USER, userId);
        m.put(CLIENT, clientId);
        m.put(SCOPE, scope == null ? "" : scope);
        if (bindingMessage != null) m.put(BINDING, bindingMessage);
        if (acrValues != null) m.put(ACR, acrValues);
        m.put(EXP, Long.toString(expiresAt));
        m.put(SLOT, Integer.toString(slot));
        return m;
    }

    static PendingApproval fromMap(Map<String, String> m) {
        return new PendingApproval(m.get(ID), m.get(REALM), m.get(USER), m.get(CLIENT), m.get(SCOPE), m.get(BINDING),
                m.get(ACR), Long.parseLong(m.get(EXP)), Integer.parseInt(m.get(SLOT)));
    }

    PendingApproval withSlot(int newSlot) {
        return new PendingApproval(id, realmId, userId, clientId, scope, bindingMessage, acrValues, expiresAt, newSlot);
    }

    public long secondsLeft(long now) {
        return Math.max(0, expiresAt - now);
    }
}
