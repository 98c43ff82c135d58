package dev.fapikit.ciba.approval;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.keycloak.common.util.Time;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.SingleUseObjectProvider;

/**
 * Pending approvals in Keycloak's single-use object store, so every node of a cluster sees the same requests and
 * nothing lives in JVM memory.
 *
 * <p>Listing a user's requests needs an index the store cannot enumerate. Each request claims one of
 * {@code maxPendingPerUser} per-user slot keys with the atomic {@link SingleUseObjectProvider#putIfAbsent} and then
 * writes the request id under the slot's data key (never {@code replace}, which would drop the lifespan). Slots and
 * records expire with the request, so an abandoned request frees its slot by itself. Listing reads the slots. This
 * keeps writes off the user database (one CIBA request must not update a user row), stays race-free across nodes,
 * and the slot limit doubles as a cap against notification spamming of one user.
 */
public final class PendingApprovalStore {

    /** Extra lifetime beyond expiry so a late decision still finds the record and answers "expired" (CIBA Core §11). */
    static final int GRACE_SECONDS = 10;

    private final SingleUseObjectProvider store;
    private final int maxPendingPerUser;

    public PendingApprovalStore(KeycloakSession session, int maxPendingPerUser) {
        this(session.singleUseObjects(), maxPendingPerUser);
    }

    PendingApprovalStore(SingleUseObjectProvider store, int maxPendingPerUser) {
        this.store = store;
        this.maxPendingPerUser = maxPendingPerUser;
    }

    /** Stores the request; returns false when the user already has the maximum of pending requests. */
    public boolean add(PendingApproval request) {
        long lifespan = Math.max(1, request.expiresAt() - Time.currentTime()) + GRACE_SECONDS;
        for (int slot = 0; slot < maxPendingPerUser; slot++) {
            String slotKey = slotKey(request.realmId(), request.userId(), slot);
            if (store.putIfAbsent(slotKey, lifespan)) {
                store.put(slotKey + ".id", lifespan, Map.of("id", request.id()));
                store.put(recordKey(request.realmId(), request.id()), lifespan, request.withSlot(slot).toMap());
                return true;
            }
        }
        return false;
    }

    public Optional<PendingApproval> get(String realmId, String id) {
        Map<String, String> m = store.get(recordKey(realmId, id));
        return m == null ? Optional.empty() : Optional.of(PendingApproval.fromMap(m));
    }

    /** The user's undecided, unexpired requests, oldest slot first. */
    public List<PendingApproval> listForUser(String realmId, String userId) {
        long now = Time.currentTime();
        List<PendingApproval> result = new ArrayList<>();
        for (int slot = 0; slot < maxPendingPerUser; slot++) {
            Map<String, String> s = store.get(slotKey(realmId, userId, slot) + ".id");
            String id = s == null ? null : s.get("id");
            if (id == null) continue;
            get(realmId, id).filter(r -> r.userId().equals(userId) && r.expiresAt() > now).ifPresent(result::add);
        }
        return result;
    }

    /**
     * Claims the single, final decision on a request. The store guarantees that of concurrent removals on any nodes
     * exactly one gets the record, so a replayed or concurrent second decision gets {@code empty}.
     */
    public Optional<PendingApproval> claimDecision(PendingApproval request) {
        Map<String, String> m = store.remove(recordKey(request.realmId(), request.id()));
        if (m == null) return Optional.empty();
        String slotKey = slotKey(request.realmId(), request.userId(), request.slot());
        store.remove(slotKey + ".id");
        store.remove(slotKey);
        return Optional.of(PendingApproval.fromMap(m));
    }

    static String recordKey(String realmId, String id) {
        return "fapi-kit-ciba." + realmId + ".req." + id;
    }

    static String slotKey(String realmId, String userId, int slot) {
        return "fapi-kit-ciba." + realmId + ".user." + userId + "." + slot;
    }
}
