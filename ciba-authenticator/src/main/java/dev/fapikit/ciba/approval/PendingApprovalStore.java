package dev.fapikit.ciba.approval;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.IntFunction;

import org.keycloak.common.util.Time;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.SingleUseObjectProvider;

/**
 * Pending approvals in Keycloak's single-use object store, so every node of a cluster sees the same requests and
 * nothing lives in JVM memory.
 *
 * <p>Listing a user's requests needs an index the store cannot enumerate. Each request claims one of
 * {@code maxPendingPerUser} per-user slot keys with the atomic {@link SingleUseObjectProvider#putIfAbsent} and then
 * writes the request id over its claimed slot key with {@code put} and the same lifespan (never {@code replace}, which
 * would drop the lifespan). Slots and records expire with the request, so an abandoned request frees its slot by
 * itself. Listing reads the slots. This
 * keeps writes off the user database (one CIBA request must not update a user row), stays race-free across nodes,
 * and the slot limit doubles as a cap against notification spamming of one user.
 *
 * <p>Besides the per-user slots, each request first claims one of {@code maxPendingPerClientUser} slots of its
 * (client, user) pair, so one client cannot fill all of a user's slots and block that user for every other client.
 *
 * <p>Slot claims take effect at once (they must be atomic), while {@code put} is written when the Keycloak transaction
 * commits and dropped when it rolls back. A request refused after its slots were claimed therefore gives them back
 * with {@link #release}. A decided request leaves a marker naming its user, so a second decision by that user is
 * answered "already decided" rather than "not found".
 *
 * <p>Heap (issue 20 §4): one pending request holds three entries here, the (client, user) slot claim, the user slot
 * (claim and id in one entry) and the record, a single compact string ({@link PendingApproval#toCompact}). Releases
 * before this one wrote a ten-entry map as the record and the id under a separate {@code <slot key>.id} entry; both
 * are still read and decided, so requests pending across a rolling upgrade keep working.
 */
public final class PendingApprovalStore {

    /** Extra lifetime beyond expiry so a late decision still finds the record and answers "expired" (CIBA Core §11). */
    static final int GRACE_SECONDS = 10;

    /** Note names: the compact record, the id in a user slot, and the decided marker's user. */
    private static final String RECORD = "r", ID = "id", DECIDED_BY = "user";
    /** The separate slot index and the record's client slot note of releases before the compact record (read only). */
    private static final String OLD_INDEX_SUFFIX = ".id", OLD_CLIENT_SLOT = "client_slot";

    private final SingleUseObjectProvider store;
    private final int maxPendingPerUser;
    private final int maxPendingPerClientUser;

    /** A store for reading and deciding (and adding without a per-client cap). */
    public PendingApprovalStore(KeycloakSession session, int maxPendingPerUser) {
        this(session.singleUseObjects(), maxPendingPerUser, maxPendingPerUser);
    }

    public PendingApprovalStore(KeycloakSession session, int maxPendingPerUser, int maxPendingPerClientUser) {
        this(session.singleUseObjects(), maxPendingPerUser, maxPendingPerClientUser);
    }

    PendingApprovalStore(SingleUseObjectProvider store, int maxPendingPerUser) {
        this(store, maxPendingPerUser, maxPendingPerUser);
    }

    PendingApprovalStore(SingleUseObjectProvider store, int maxPendingPerUser, int maxPendingPerClientUser) {
        this.store = store;
        this.maxPendingPerUser = maxPendingPerUser;
        this.maxPendingPerClientUser = maxPendingPerClientUser;
    }

    /** The slots one stored request holds; give them back with {@link #release} if the request is refused after all. */
    public record Reservation(String realmId, String userId, String clientId, int slot, int clientSlot) {
    }

    /** Stores the request; returns false when the user, or the user for this client, has the maximum of pending requests. */
    public boolean add(PendingApproval request) {
        return reserve(request).isPresent();
    }

    /**
     * Stores the request in a free (client, user) slot and a free user slot; empty when either kind is used up. The
     * claims are atomic across nodes ({@link SingleUseObjectProvider#putIfAbsent}).
     */
    public Optional<Reservation> reserve(PendingApproval request) {
        long lifespan = Math.max(1, request.expiresAt() - Time.currentTime()) + GRACE_SECONDS;
        int clientSlot = claim(slot -> clientSlotKey(request.realmId(), request.userId(), request.clientId(), slot), maxPendingPerClientUser, lifespan);
        if (clientSlot < 0) return Optional.empty();
        int slot = claim(s -> slotKey(request.realmId(), request.userId(), s), maxPendingPerUser, lifespan);
        if (slot < 0) {
            store.remove(clientSlotKey(request.realmId(), request.userId(), request.clientId(), clientSlot));
            return Optional.empty();
        }
        // written at commit over the claim, which stays (empty) if the transaction rolls back: release() frees it
        store.put(slotKey(request.realmId(), request.userId(), slot), lifespan, Map.of(ID, request.id()));
        store.put(recordKey(request.realmId(), request.id()), lifespan, Map.of(RECORD, request.withSlot(slot).toCompact(clientSlot)));
        return Optional.of(new Reservation(request.realmId(), request.userId(), request.clientId(), slot, clientSlot));
    }

    private int claim(IntFunction<String> key, int slots, long lifespan) {
        for (int slot = 0; slot < slots; slot++) {
            if (store.putIfAbsent(key.apply(slot), lifespan)) return slot;
        }
        return -1;
    }

    /**
     * Gives back the slots of a request that was refused after {@link #reserve} (no channel reached the user): its
     * record was never committed, so nothing else of it remains.
     */
    public void release(Reservation r) {
        store.remove(slotKey(r.realmId(), r.userId(), r.slot()));
        store.remove(clientSlotKey(r.realmId(), r.userId(), r.clientId(), r.clientSlot()));
    }

    public Optional<PendingApproval> get(String realmId, String id) {
        Map<String, String> m = store.get(recordKey(realmId, id));
        return m == null ? Optional.empty() : Optional.of(read(realmId, id, m).request());
    }

    /** A stored record, compact or in the string map of earlier releases (whose client slot may be absent: -1). */
    private static PendingApproval.Compact read(String realmId, String id, Map<String, String> m) {
        String compact = m.get(RECORD);
        if (compact != null) return PendingApproval.fromCompact(id, realmId, compact);
        String clientSlot = m.get(OLD_CLIENT_SLOT);
        return new PendingApproval.Compact(PendingApproval.fromMap(m), clientSlot == null ? -1 : Integer.parseInt(clientSlot));
    }

    /** The user's undecided, unexpired requests, oldest slot first. */
    public List<PendingApproval> listForUser(String realmId, String userId) {
        long now = Time.currentTime();
        List<PendingApproval> result = new ArrayList<>();
        for (int slot = 0; slot < maxPendingPerUser; slot++) {
            String slotKey = slotKey(realmId, userId, slot);
            Map<String, String> s = store.get(slotKey);
            if (s == null) continue;
            String id = s.get(ID);
            if (id == null) {
                // claimed, and either not committed yet or written by an earlier release with its separate index
                Map<String, String> index = store.get(slotKey + OLD_INDEX_SUFFIX);
                id = index == null ? null : index.get(ID);
            }
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
        PendingApproval.Compact stored = read(request.realmId(), request.id(), m);
        PendingApproval claimed = stored.request();
        String slotKey = slotKey(request.realmId(), claimed.userId(), claimed.slot());
        if (m.get(RECORD) == null) store.remove(slotKey + OLD_INDEX_SUFFIX);
        store.remove(slotKey);
        if (stored.clientSlot() >= 0) store.remove(clientSlotKey(request.realmId(), claimed.userId(), claimed.clientId(), stored.clientSlot()));
        long lifespan = Math.max(1, claimed.expiresAt() - Time.currentTime()) + GRACE_SECONDS;
        store.put(decidedKey(request.realmId(), request.id()), lifespan, Map.of(DECIDED_BY, claimed.userId()));
        return Optional.of(claimed);
    }

    /** Whether {@code userId} already decided the request {@code id} (until it would have expired). */
    public boolean decidedBy(String realmId, String id, String userId) {
        Map<String, String> m = store.get(decidedKey(realmId, id));
        return m != null && userId.equals(m.get(DECIDED_BY));
    }

    static String decidedKey(String realmId, String id) {
        return "fapi-kit-ciba." + realmId + ".decided." + id;
    }

    static String clientSlotKey(String realmId, String userId, String clientId, int slot) {
        return "fapi-kit-ciba." + realmId + ".user." + userId + ".client." + clientId + "." + slot;
    }

    static String recordKey(String realmId, String id) {
        return "fapi-kit-ciba." + realmId + ".req." + id;
    }

    static String slotKey(String realmId, String userId, int slot) {
        return "fapi-kit-ciba." + realmId + ".user." + userId + "." + slot;
    }
}
