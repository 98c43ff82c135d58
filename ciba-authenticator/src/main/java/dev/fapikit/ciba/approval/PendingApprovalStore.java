package dev.fapikit.ciba.approval;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
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
 * writes its record over its claimed slot key with {@code put} and the same lifespan (never {@code replace}, which
 * would drop the lifespan). Slots expire with the request, so an abandoned request frees its slot by itself. Listing
 * and finding read the user's slots. This keeps writes off the user database (one CIBA request must not update a user
 * row), stays race-free across nodes, and the slot limit doubles as a cap against notification spamming of one user.
 *
 * <p>Besides the per-user slot, each request first claims one of {@code maxPendingPerClientUser} slots of its
 * (client, user) pair, so one client cannot fill all of a user's slots and block that user for every other client.
 *
 * <p>Slot claims take effect at once (they must be atomic), while {@code put} is written when the Keycloak transaction
 * commits and dropped when it rolls back. A request refused after its slots were claimed therefore gives them back
 * with {@link #release}. The single decision is claimed with {@code putIfAbsent} of a decided marker named after the
 * request and its user, so a second decision by that user is answered "already decided" rather than "not found".
 *
 * <p>Heap (issue 20 §4): a pending request is two entries, the (client, user) slot claim and the user slot holding the
 * record ({@link PendingApproval#toSlotRecord}), under short keys: a hash of realm, user, client and slot
 * ({@link #key}). Earlier versions wrote three or four entries under readable keys (a record under the request
 * id, the id or a separate {@code .id} entry in the user slot, a ten-entry map or one compact string as the record);
 * their requests are still found, listed and decided, so requests pending across a rolling upgrade keep working.
 */
public final class PendingApprovalStore {

    /** Extra lifetime beyond expiry so a late decision still finds the record and answers "expired" (CIBA Core §11). */
    static final int GRACE_SECONDS = 10;

    /** Note name of the record in a user slot. */
    private static final String RECORD = "a";
    /** Note names of earlier versions (read only): their compact record, the id in a user slot, the marker's user. */
    private static final String OLD_RECORD = "r", OLD_ID = "id", OLD_DECIDED_BY = "user";
    /** The separate slot index and the record's client slot note of the first version (read only). */
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
        store.put(slotKey(request.realmId(), request.userId(), slot), lifespan, Map.of(RECORD, request.withSlot(slot).toSlotRecord(clientSlot)));
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

    /**
     * The request {@code id} of user {@code userId}, read from that user's slots (or, from an earlier version, under its
     * own key); empty when it is gone or another user's. {@code userId} null finds only requests of those versions.
     */
    public Optional<PendingApproval> find(String realmId, String userId, String id) {
        if (userId != null) {
            for (int slot = 0; slot < maxPendingPerUser; slot++) {
                PendingApproval.Compact c = readSlot(realmId, userId, slot);
                if (c != null && c.request().id().equals(id)) return Optional.of(c.request());
            }
        }
        return oldRecord(realmId, id).map(PendingApproval.Compact::request)
                .filter(r -> userId == null || r.userId().equals(userId));
    }

    private PendingApproval.Compact readSlot(String realmId, String userId, int slot) {
        Map<String, String> m = store.get(slotKey(realmId, userId, slot));
        String record = m == null ? null : m.get(RECORD);
        return record == null ? null : PendingApproval.fromSlotRecord(realmId, userId, slot, record);
    }

    /** The user's undecided, unexpired requests, oldest slot first (requests of earlier versions after them). */
    public List<PendingApproval> listForUser(String realmId, String userId) {
        long now = Time.currentTime();
        List<PendingApproval> result = new ArrayList<>();
        for (int slot = 0; slot < maxPendingPerUser; slot++) {
            PendingApproval.Compact c = readSlot(realmId, userId, slot);
            if (c != null && c.request().expiresAt() > now) result.add(c.request());
        }
        for (int slot = 0; slot < maxPendingPerUser; slot++) {
            String id = oldSlotId(realmId, userId, slot);
            if (id == null) continue;
            oldRecord(realmId, id).map(PendingApproval.Compact::request)
                    .filter(r -> r.userId().equals(userId) && r.expiresAt() > now).ifPresent(result::add);
        }
        return result;
    }

    /**
     * Claims the single, final decision on a request still in its slot: the decided marker's {@code putIfAbsent} is
     * atomic across nodes, so of concurrent decisions exactly one gets the request and a replayed or concurrent second
     * one gets {@code empty}. Then frees the request's slots.
     */
    public Optional<PendingApproval> claimDecision(PendingApproval request) {
        Map<String, String> old = store.remove(oldRecordKey(request.realmId(), request.id()));
        if (old != null) return Optional.of(claimOld(request, old));
        PendingApproval.Compact stored = readSlot(request.realmId(), request.userId(), request.slot());
        if (stored == null || !stored.request().id().equals(request.id())) return Optional.empty();
        long lifespan = Math.max(1, request.expiresAt() - Time.currentTime()) + GRACE_SECONDS;
        if (!store.putIfAbsent(decidedKey(request.realmId(), request.userId(), request.id()), lifespan)) return Optional.empty();
        store.remove(slotKey(request.realmId(), request.userId(), request.slot()));
        store.remove(clientSlotKey(request.realmId(), request.userId(), stored.request().clientId(), stored.clientSlot()));
        return Optional.of(stored.request());
    }

    /** Whether {@code userId} already decided the request {@code id} (until it would have expired). */
    public boolean decidedBy(String realmId, String id, String userId) {
        if (store.contains(decidedKey(realmId, userId, id))) return true;
        Map<String, String> m = store.get(oldDecidedKey(realmId, id));
        return m != null && userId.equals(m.get(OLD_DECIDED_BY));
    }

    static String slotKey(String realmId, String userId, int slot) {
        return key("u", realmId, userId, Integer.toString(slot));
    }

    static String clientSlotKey(String realmId, String userId, String clientId, int slot) {
        return key("c", realmId, userId, clientId, Integer.toString(slot));
    }

    static String decidedKey(String realmId, String userId, String id) {
        return key("d", realmId, userId, id);
    }

    /**
     * A short store key for the parts: {@code fkc.} and 120 bits of their SHA-256 (each part length-prefixed, so no
     * two lists of parts collide by concatenation), 24 characters where the readable keys took about 100: with
     * hundreds of thousands of pending requests, the keys are a large part of the heap they cost (issue 20 §4).
     */
    static String key(String... parts) {
        MessageDigest sha;
        try {
            sha = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        for (String part : parts) {
            byte[] b = part.getBytes(StandardCharsets.UTF_8);
            sha.update((b.length + ":").getBytes(StandardCharsets.US_ASCII));
            sha.update(b);
        }
        byte[] digest = sha.digest();
        return "fkc." + Base64.getUrlEncoder().withoutPadding().encodeToString(Arrays.copyOf(digest, 15));
    }

    // ---- the formats of earlier versions (read and decided, never written) ------------------------------------

    /** The id an earlier version's user slot names: in the slot itself, or in the first version's separate index. */
    private String oldSlotId(String realmId, String userId, int slot) {
        String slotKey = oldSlotKey(realmId, userId, slot);
        Map<String, String> s = store.get(slotKey);
        if (s == null) return null;
        String id = s.get(OLD_ID);
        if (id != null) return id;
        Map<String, String> index = store.get(slotKey + OLD_INDEX_SUFFIX);
        return index == null ? null : index.get(OLD_ID);
    }

    private Optional<PendingApproval.Compact> oldRecord(String realmId, String id) {
        Map<String, String> m = store.get(oldRecordKey(realmId, id));
        return m == null ? Optional.empty() : Optional.of(readOld(realmId, id, m));
    }

    /** An earlier version's record: one compact string, or the first version's map (whose client slot may be absent: -1). */
    private static PendingApproval.Compact readOld(String realmId, String id, Map<String, String> m) {
        String compact = m.get(OLD_RECORD);
        if (compact != null) return PendingApproval.fromCompact(id, realmId, compact);
        String clientSlot = m.get(OLD_CLIENT_SLOT);
        return new PendingApproval.Compact(PendingApproval.fromMap(m), clientSlot == null ? -1 : Integer.parseInt(clientSlot));
    }

    /** An earlier version's request, claimed (as that version does) by the atomic removal of its record. */
    private PendingApproval claimOld(PendingApproval request, Map<String, String> removed) {
        PendingApproval.Compact stored = readOld(request.realmId(), request.id(), removed);
        PendingApproval claimed = stored.request();
        String slotKey = oldSlotKey(request.realmId(), claimed.userId(), claimed.slot());
        if (removed.get(OLD_RECORD) == null) store.remove(slotKey + OLD_INDEX_SUFFIX);
        store.remove(slotKey);
        if (stored.clientSlot() >= 0) store.remove(oldClientSlotKey(request.realmId(), claimed.userId(), claimed.clientId(), stored.clientSlot()));
        long lifespan = Math.max(1, claimed.expiresAt() - Time.currentTime()) + GRACE_SECONDS;
        store.put(oldDecidedKey(request.realmId(), request.id()), lifespan, Map.of(OLD_DECIDED_BY, claimed.userId()));
        return claimed;
    }

    static String oldDecidedKey(String realmId, String id) {
        return "fapi-kit-ciba." + realmId + ".decided." + id;
    }

    static String oldClientSlotKey(String realmId, String userId, String clientId, int slot) {
        return "fapi-kit-ciba." + realmId + ".user." + userId + ".client." + clientId + "." + slot;
    }

    static String oldRecordKey(String realmId, String id) {
        return "fapi-kit-ciba." + realmId + ".req." + id;
    }

    static String oldSlotKey(String realmId, String userId, int slot) {
        return "fapi-kit-ciba." + realmId + ".user." + userId + "." + slot;
    }
}
