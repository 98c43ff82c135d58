package dev.fapikit.ciba.approval;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One backchannel authentication request waiting for its user's decision (CIBA Core 1.0 §7.1 parameters the
 * authentication device shows). Immutable; stored in Keycloak's single-use object store as one compact string in the
 * user slot it holds ({@link #toSlotRecord}); {@link #fromCompact} and {@link #fromMap} still read the records of
 * earlier versions.
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

    /**
     * The record a user slot holds: id, client, scope, binding message, acr values, expiry and {@code clientSlot}, each
     * written as {@code <length>:<chars>} (or {@code -} for null), so a value may hold any character, separators and
     * newlines included. Realm, user and slot make the slot's key and are not repeated (issue 20 §4: a pending request
     * is one record in its user slot and one (client, user) slot claim).
     */
    String toSlotRecord(int clientSlot) {
        return encode(id, clientId, scope == null ? "" : scope, bindingMessage, acrValues, Long.toString(expiresAt),
                Integer.toString(clientSlot));
    }

    /** The request {@link #toSlotRecord} wrote in the user slot {@code slot} of {@code userId}, and its (client, user) slot. */
    static Compact fromSlotRecord(String realmId, String userId, int slot, String value) {
        List<String> f = fields(value);
        if (f.size() != 7) throw new IllegalArgumentException("malformed pending approval record");
        return new Compact(new PendingApproval(f.get(0), realmId, userId, f.get(1), f.get(2), f.get(3), f.get(4),
                Long.parseLong(f.get(5)), slot), Integer.parseInt(f.get(6)));
    }

    /**
     * The compact record of the version before {@link #toSlotRecord} (under its own key, the id and realm in the key):
     * user, client, scope, binding message, acr values, expiry, slot and {@code clientSlot}. Only read now; the tests of
     * the reader write it.
     */
    String toCompact(int clientSlot) {
        return encode(userId, clientId, scope == null ? "" : scope, bindingMessage, acrValues, Long.toString(expiresAt),
                Integer.toString(slot), Integer.toString(clientSlot));
    }

    private static String encode(String... fields) {
        int size = 0;
        for (String field : fields) size += field == null ? 1 : field.length() + 4;
        StringBuilder b = new StringBuilder(size);
        for (String field : fields) {
            if (field == null) b.append('-');
            else b.append(field.length()).append(':').append(field);
        }
        return b.toString();
    }

    /** The request {@link #toCompact} wrote for {@code id} in {@code realmId}, and its (client, user) slot. */
    static Compact fromCompact(String id, String realmId, String value) {
        List<String> f = fields(value);
        if (f.size() != 8) throw new IllegalArgumentException("malformed pending approval record");
        return new Compact(new PendingApproval(id, realmId, f.get(0), f.get(1), f.get(2), f.get(3), f.get(4),
                Long.parseLong(f.get(5)), Integer.parseInt(f.get(6))), Integer.parseInt(f.get(7)));
    }

    /** A request read from its stored form with the (client, user) slot it holds (-1: not recorded). */
    record Compact(PendingApproval request, int clientSlot) {
    }

    private static List<String> fields(String value) {
        List<String> fields = new ArrayList<>(8);
        if (value == null) throw new IllegalArgumentException("malformed pending approval record");
        int i = 0;
        while (i < value.length()) {
            if (value.charAt(i) == '-') {
                fields.add(null);
                i++;
                continue;
            }
            int colon = value.indexOf(':', i);
            if (colon <= i) throw new IllegalArgumentException("malformed pending approval record");
            int length = Integer.parseInt(value, i, colon, 10);
            int end = colon + 1 + length;
            if (length < 0 || end > value.length()) throw new IllegalArgumentException("malformed pending approval record");
            fields.add(value.substring(colon + 1, end));
            i = end;
        }
        return fields;
    }

    /** The string map of the versions before the compact forms (the fallback reader's tests write it). */
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

    /** Reads the string map of the versions before the compact forms (pending requests written during a rolling upgrade). */
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
