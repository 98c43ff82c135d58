package dev.fapikit.ciba.approval;

import static org.assertj.core.api.Assertions.assertThat;

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

        PendingApproval first = store.get("realm-1", "a1").orElseThrow();
        assertThat(store.claimDecision(first)).isPresent();
        assertThat(store.add(request("a3", "alice"))).isTrue();
        assertThat(store.listForUser("realm-1", "alice")).extracting(PendingApproval::id).containsExactlyInAnyOrder("a2", "a3");
    }

    @Test
    void aDecisionCanBeClaimedOnce() {
        store.add(request("a1", "alice"));
        PendingApproval stored = store.get("realm-1", "a1").orElseThrow();
        assertThat(store.claimDecision(stored)).isPresent();
        assertThat(store.claimDecision(stored)).isEmpty();
        assertThat(store.get("realm-1", "a1")).isEmpty();
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
        assertThat(capped.claimDecision(capped.get("realm-1", "s1").orElseThrow())).isPresent();
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
        store.claimDecision(store.get("realm-1", "a1").orElseThrow());
        assertThat(store.decidedBy("realm-1", "a1", "alice")).isTrue();
        assertThat(store.decidedBy("realm-1", "a1", "bob")).isFalse();
        assertThat(store.decidedBy("realm-2", "a1", "alice")).isFalse();
    }
}
