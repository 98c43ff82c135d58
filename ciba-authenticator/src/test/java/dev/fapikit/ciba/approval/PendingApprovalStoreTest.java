package dev.fapikit.ciba.approval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.keycloak.common.util.Time;

class PendingApprovalStoreTest {

    private final MemorySingleUseObjects memory = new MemorySingleUseObjects();
    private final PendingApprovalStore store = new PendingApprovalStore(memory, 2);

    private static PendingApproval request(String id, String user) {
        return new PendingApproval(id, "realm-1", user, "speaker", "openid", "W4SCT", null, Time.currentTime() + 60, 0);
    }

    @Test
    void listsOnlyTheUsersOwnRequests() {
        assertThat(store.add(request("a1", "alice"))).isTrue();
        assertThat(store.add(request("b1", "bob"))).isTrue();
        assertThat(store.listForUser("realm-1", "alice")).extracting(PendingApproval::id).containsExactly("a1");
        assertThat(store.listForUser("realm-1", "bob")).extracting(PendingApproval::id).containsExactly("b1");
        assertThat(store.listForUser("realm-2", "alice")).isEmpty();
    }

    @Test
    void refusesMoreThanTheMaximumAndFreesTheSlotOnDecision() {
        assertThat(store.add(request("a1", "alice"))).isTrue();
        assertThat(store.add(request("a2", "alice"))).isTrue();
        assertThat(store.add(request("a3", "alice"))).isFalse();

        PendingApproval first = store.find("realm-1", "alice", "a1").orElseThrow();
        assertThat(store.claimDecision(first)).isPresent();
        assertThat(store.add(request("a3", "alice"))).isTrue();
        assertThat(store.listForUser("realm-1", "alice")).extracting(PendingApproval::id).containsExactlyInAnyOrder("a2", "a3");
    }

    @Test
    void aDecisionCanBeClaimedOnce() {
        store.add(request("a1", "alice"));
        PendingApproval stored = store.find("realm-1", "alice", "a1").orElseThrow();
        assertThat(store.claimDecision(stored)).isPresent();
        assertThat(store.claimDecision(stored)).isEmpty();
        assertThat(store.find("realm-1", "alice", "a1")).isEmpty();
        assertThat(store.listForUser("realm-1", "alice")).isEmpty();
    }

    @Test
    void expiredRequestsAreNotListed() {
        store.add(new PendingApproval("old", "realm-1", "alice", "speaker", "openid", null, null, Time.currentTime() - 1, 0));
        assertThat(store.listForUser("realm-1", "alice")).isEmpty();
    }

    @Test
    void recordRoundTripsThroughTheStringMap() {
        PendingApproval p = new PendingApproval("x", "r", "u", "c", "openid profile", "Zahlung 12,50 €", "gold silver", 123L, 1);
        assertThat(PendingApproval.fromMap(p.toMap())).isEqualTo(p);
        PendingApproval minimal = new PendingApproval("x", "r", "u", "c", "", null, null, 1L, 0);
        assertThat(PendingApproval.fromMap(minimal.toMap())).isEqualTo(minimal);
    }

    @Test
    void oneClientCannotTakeEverySlotOfAUser() {
        PendingApprovalStore capped = new PendingApprovalStore(memory, 3, 2);
        assertThat(capped.add(request("s1", "alice"))).isTrue();
        assertThat(capped.add(request("s2", "alice"))).isTrue();
        assertThat(capped.add(request("s3", "alice"))).as("third from the same client").isFalse();
        assertThat(capped.add(new PendingApproval("k1", "realm-1", "alice", "kiosk", "openid", null, null, Time.currentTime() + 60, 0))).isTrue();
        assertThat(capped.add(new PendingApproval("k2", "realm-1", "alice", "kiosk", "openid", null, null, Time.currentTime() + 60, 0)))
                .as("the user's overall maximum").isFalse();
        // the refused kiosk request gave its (client, user) slot back: deciding one of speaker's frees one user slot
        assertThat(capped.claimDecision(capped.find("realm-1", "alice", "s1").orElseThrow())).isPresent();
        assertThat(capped.add(new PendingApproval("k2", "realm-1", "alice", "kiosk", "openid", null, null, Time.currentTime() + 60, 0))).isTrue();
        assertThat(capped.listForUser("realm-1", "alice")).extracting(PendingApproval::id).containsExactlyInAnyOrder("s2", "k1", "k2");
    }

    @Test
    void aReleasedReservationFreesItsSlots() {
        PendingApprovalStore capped = new PendingApprovalStore(memory, 1, 1);
        PendingApprovalStore.Reservation r = capped.reserve(request("a1", "alice")).orElseThrow();
        assertThat(capped.add(request("a2", "alice"))).isFalse();
        capped.release(r);
        assertThat(capped.add(request("a2", "alice"))).isTrue();
    }

    @Test
    void aDecidedRequestIsKnownAsDecidedToItsUserOnly() {
        store.add(request("a1", "alice"));
        assertThat(store.decidedBy("realm-1", "a1", "alice")).isFalse();
        store.claimDecision(store.find("realm-1", "alice", "a1").orElseThrow());
        assertThat(store.decidedBy("realm-1", "a1", "alice")).isTrue();
        assertThat(store.decidedBy("realm-1", "a1", "bob")).isFalse();
        assertThat(store.decidedBy("realm-2", "a1", "alice")).isFalse();
    }

    @Test
    void compactRecordRoundTripsHostileValues() {
        String[] hostile = {"", "-", ":", "12:", "3:abc", "a:b-c\n7:x", "line\nbreak\r\n\ttab", "\u0000nul", "€ 12,50 – Grüße",
                "emoji \uD83D\uDE00 and a lone surrogate \uD800", "-1:", "9999999999:x"};
        for (String v : hostile) {
            PendingApproval p = new PendingApproval("id-" + v, "realm", "user:" + v, "client-" + v, v, v, v, 1_765_000_000L, 7);
            PendingApproval.Compact back = PendingApproval.fromCompact(p.id(), p.realmId(), p.toCompact(3));
            assertThat(back.request()).as(v).isEqualTo(p);
            assertThat(back.clientSlot()).isEqualTo(3);
        }
        PendingApproval minimal = new PendingApproval("x", "r", "u", "c", "", null, null, 1L, 0);
        assertThat(PendingApproval.fromCompact("x", "r", minimal.toCompact(0)).request()).isEqualTo(minimal);
        assertThatThrownBy(() -> PendingApproval.fromCompact("x", "r", "5:abc")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> PendingApproval.fromCompact("x", "r", "1:a")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aRequestIsTwoEntriesUnderShortKeysAndTheRecordLivesInTheUserSlot() {
        PendingApprovalStore capped = new PendingApprovalStore(memory, 2, 2);
        PendingApproval p = new PendingApproval("a1", "realm-1", "alice", "speaker", "openid", "pay\n5 €", "gold", Time.currentTime() + 60, 0);
        PendingApprovalStore.Reservation r = capped.reserve(p).orElseThrow();
        assertThat(memory.keys()).containsExactlyInAnyOrder(
                PendingApprovalStore.clientSlotKey("realm-1", "alice", "speaker", 0),
                PendingApprovalStore.slotKey("realm-1", "alice", 0));
        assertThat(memory.keys()).allSatisfy(k -> assertThat(k).hasSize(24).startsWith("fkc."));
        assertThat(memory.get(PendingApprovalStore.slotKey("realm-1", "alice", 0))).hasSize(1);
        assertThat(memory.get(PendingApprovalStore.clientSlotKey("realm-1", "alice", "speaker", 0))).isEmpty();
        assertThat(capped.find("realm-1", "alice", "a1")).contains(p);
        assertThat(capped.listForUser("realm-1", "alice")).containsExactly(p);
        capped.release(r);
        assertThat(memory.keys()).isEmpty();
    }

    @Test
    void aRequestIsFoundOnlyAmongItsOwnUsersRequests() {
        store.add(request("a1", "alice"));
        assertThat(store.find("realm-1", "bob", "a1")).isEmpty();
        assertThat(store.find("realm-1", null, "a1")).as("without a user only earlier formats are found").isEmpty();
        assertThat(store.find("realm-2", "alice", "a1")).isEmpty();
        assertThat(store.find("realm-1", "alice", "a2")).isEmpty();
    }

    @Test
    void keysOfDifferentPartsDiffer() {
        assertThat(PendingApprovalStore.key("u", "ab", "c")).isNotEqualTo(PendingApprovalStore.key("u", "a", "bc"));
        assertThat(PendingApprovalStore.key("u", "r", "alice", "0")).isNotEqualTo(PendingApprovalStore.key("c", "r", "alice", "0"));
        assertThat(PendingApprovalStore.slotKey("r", "alice", 0)).isEqualTo(PendingApprovalStore.slotKey("r", "alice", 0))
                .isNotEqualTo(PendingApprovalStore.slotKey("r", "alice", 1));
    }

    @Test
    void twoStoresOnOneBackendGrantOneDecision() {
        // two nodes share Keycloak's single-use store; each has its own PendingApprovalStore
        PendingApprovalStore other = new PendingApprovalStore(memory, 2);
        store.add(request("a1", "alice"));
        PendingApproval here = store.find("realm-1", "alice", "a1").orElseThrow();
        PendingApproval there = other.find("realm-1", "alice", "a1").orElseThrow();
        assertThat(store.claimDecision(here)).isPresent();
        assertThat(other.claimDecision(there)).isEmpty();
        assertThat(other.decidedBy("realm-1", "a1", "alice")).isTrue();
    }

    @Test
    void slotRecordRoundTripsHostileValues() {
        String[] hostile = {"", "-", ":", "12:", "3:abc", "a:b-c\n7:x", "line\nbreak\r\n\ttab", "\u0000nul", "€ 12,50 – Grüße",
                "emoji \uD83D\uDE00 and a lone surrogate \uD800", "-1:", "9999999999:x"};
        for (String v : hostile) {
            PendingApproval p = new PendingApproval("id-" + v, "realm", "user:" + v, "client-" + v, v, v, v, 1_765_000_000L, 7);
            PendingApproval.Compact back = PendingApproval.fromSlotRecord(p.realmId(), p.userId(), 7, p.toSlotRecord(3));
            assertThat(back.request()).as(v).isEqualTo(p);
            assertThat(back.clientSlot()).isEqualTo(3);
        }
        assertThatThrownBy(() -> PendingApproval.fromSlotRecord("r", "u", 0, "1:a")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aDecisionRemovesAllEntriesOfTheRequestButTheDecidedMarker() {
        store.add(request("a1", "alice"));
        assertThat(store.claimDecision(store.find("realm-1", "alice", "a1").orElseThrow())).isPresent();
        assertThat(memory.keys()).containsExactly(PendingApprovalStore.decidedKey("realm-1", "alice", "a1"));
    }

    /** What the first release wrote for one pending request: a ten-entry map, the id in a separate index entry. */
    private void writeFirstFormat(PendingApproval p, int clientSlot, boolean withClientSlotNote) {
        String slotKey = PendingApprovalStore.oldSlotKey(p.realmId(), p.userId(), p.slot());
        memory.putIfAbsent(PendingApprovalStore.oldClientSlotKey(p.realmId(), p.userId(), p.clientId(), clientSlot), 60);
        memory.putIfAbsent(slotKey, 60);
        memory.put(slotKey + ".id", 60, Map.of("id", p.id()));
        Map<String, String> record = new HashMap<>(p.toMap());
        if (withClientSlotNote) record.put("client_slot", Integer.toString(clientSlot));
        memory.put(PendingApprovalStore.oldRecordKey(p.realmId(), p.id()), 60, record);
    }

    /** What the second release wrote: the id in the user slot, one compact string as the record under the id. */
    private void writeSecondFormat(PendingApproval p, int clientSlot) {
        memory.putIfAbsent(PendingApprovalStore.oldClientSlotKey(p.realmId(), p.userId(), p.clientId(), clientSlot), 60);
        memory.put(PendingApprovalStore.oldSlotKey(p.realmId(), p.userId(), p.slot()), 60, Map.of("id", p.id()));
        memory.put(PendingApprovalStore.oldRecordKey(p.realmId(), p.id()), 60, Map.of("r", p.toCompact(clientSlot)));
    }

    @Test
    void requestsOfTheEarlierFormatsAreListedFoundAndDecided() {
        PendingApproval first = new PendingApproval("o1", "realm-1", "alice", "speaker", "openid", "W4SCT", "gold", Time.currentTime() + 60, 0);
        PendingApproval second = new PendingApproval("o2", "realm-1", "alice", "speaker", "openid", "pay\n5 €", null, Time.currentTime() + 60, 1);
        writeFirstFormat(first, 0, true);
        writeSecondFormat(second, 1);
        assertThat(store.find("realm-1", "alice", "o1")).contains(first);
        assertThat(store.find("realm-1", null, "o2")).contains(second);
        assertThat(store.find("realm-1", "bob", "o2")).isEmpty();
        assertThat(store.add(request("n1", "alice"))).isTrue();
        assertThat(store.listForUser("realm-1", "alice")).extracting(PendingApproval::id).containsExactly("n1", "o1", "o2");

        assertThat(store.claimDecision(first)).contains(first);
        assertThat(store.claimDecision(first)).isEmpty();
        assertThat(store.claimDecision(second)).contains(second);
        assertThat(store.decidedBy("realm-1", "o1", "alice")).isTrue();
        assertThat(store.decidedBy("realm-1", "o2", "alice")).isTrue();
        assertThat(store.decidedBy("realm-1", "o2", "bob")).isFalse();
        // the old records, slots, index and client slots are all gone: only the decided markers and the new request remain
        assertThat(memory.keys()).containsExactlyInAnyOrder(PendingApprovalStore.oldDecidedKey("realm-1", "o1"),
                PendingApprovalStore.oldDecidedKey("realm-1", "o2"),
                PendingApprovalStore.slotKey("realm-1", "alice", 0), PendingApprovalStore.clientSlotKey("realm-1", "alice", "speaker", 0));
        assertThat(store.listForUser("realm-1", "alice")).extracting(PendingApproval::id).containsExactly("n1");
    }

    @Test
    void anEarlierRecordWithoutClientSlotNoteIsDecided() {
        PendingApproval old = new PendingApproval("o1", "realm-1", "alice", "speaker", "openid", null, null, Time.currentTime() + 60, 1);
        writeFirstFormat(old, 0, false);
        assertThat(store.listForUser("realm-1", "alice")).containsExactly(old);
        assertThat(store.claimDecision(old)).contains(old);
        assertThat(memory.keys()).doesNotContain(PendingApprovalStore.oldSlotKey("realm-1", "alice", 1),
                PendingApprovalStore.oldSlotKey("realm-1", "alice", 1) + ".id");
    }

    @Test
    void aClaimedSlotWithoutRecordIsNotListed() {
        // claimed by a transaction that has not committed (or rolled back before release)
        memory.putIfAbsent(PendingApprovalStore.slotKey("realm-1", "alice", 0), 60);
        memory.putIfAbsent(PendingApprovalStore.oldSlotKey("realm-1", "alice", 0), 60);
        assertThat(store.listForUser("realm-1", "alice")).isEmpty();
        assertThat(store.add(request("a1", "alice"))).isTrue();
        assertThat(store.listForUser("realm-1", "alice")).extracting(PendingApproval::id).containsExactly("a1");
    }
}
