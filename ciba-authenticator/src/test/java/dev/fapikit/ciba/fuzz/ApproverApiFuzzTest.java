package dev.fapikit.ciba.fuzz;

import static dev.fapikit.core.fuzz.Invariant.check;

import java.lang.reflect.Proxy;
import java.util.List;
import java.util.Optional;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;

import dev.fapikit.ciba.app.ApproverApiResource;
import dev.fapikit.ciba.approval.MemorySingleUseObjects;
import dev.fapikit.ciba.approval.PendingApproval;
import dev.fapikit.ciba.approval.PendingApprovalStore;
import org.keycloak.common.util.Time;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.SingleUseObjectProvider;

/**
 * What the authenticator-app API ({@link ApproverApiResource}) takes from a request besides its bearer token: the
 * {@code {id}} path segment of {@code requests/{id}/approve|deny}, any text once JAX-RS decoded it (the decision is the
 * path, the API reads no body; the token's {@code acr} is {@code ApprovalInputsFuzzTest#levelsAreTotal}). It looks the
 * request up in the {@link PendingApprovalStore} its listing reads, next to what the client sent in the CIBA request
 * (CIBA Core 1.0 §7.1 {@code scope}, {@code binding_message}, {@code acr_values}), stored and listed back. Input: lines
 * of path id, scope, binding_message, acr_values. For any input: no exception; the listing shows the request as the
 * client sent it; an id finds only the request stored under exactly that id, never another; a decision on it is
 * claimed once (CIBA Core 1.0 §7.1: one decision per request).
 */
class ApproverApiFuzzTest {

    private static final String REALM = "realm-1";
    private static final String ALICE_REQUEST = "5f0c2b1e-8d7a-4c39-9e61-2a4b7d0c9f13";
    private static final String BOB_REQUEST = "c7e1d2a4-3b5f-4e68-8a90-1f2e3d4c5b6a";

    @FuzzTest(maxDuration = "30s")
    void requestIdFindsOnlyItsOwnRequest(FuzzedDataProvider data) {
        String input = data.consumeRemainingAsString();
        String[] lines = input.split("\n", 4);
        String pathId = lines[0];
        String scope = lines.length > 1 ? lines[1] : "openid";
        String bindingMessage = lines.length > 2 ? lines[2] : null;
        String acrValues = lines.length > 3 ? lines[3] : null;

        PendingApprovalStore store = new PendingApprovalStore(session(new MemorySingleUseObjects()), 3);
        long expiresAt = Time.currentTime() + 120;
        PendingApproval alice = new PendingApproval(ALICE_REQUEST, REALM, "alice", "client-a", scope, bindingMessage, acrValues, expiresAt, 0);
        PendingApproval bob = new PendingApproval(BOB_REQUEST, REALM, "bob", "client-a", "openid", null, null, expiresAt, 0);
        check(store.add(alice) && store.add(bob), "both requests are stored", input);

        List<PendingApproval> listed = store.listForUser(REALM, "alice");
        check(listed.equals(List.of(alice)), "alice's listing shows her request as the client sent it", input);

        // the app API looks an id up as the signed-in user: among that user's requests only
        Optional<PendingApproval> found = store.find(REALM, "alice", pathId);
        check(found.equals(Optional.ofNullable(pathId.equals(ALICE_REQUEST) ? alice : null)), "an id finds only the user's own request", input);
        check(store.find(REALM, "bob", pathId).equals(Optional.ofNullable(pathId.equals(BOB_REQUEST) ? bob : null)),
                "an id finds only the request stored under it", input);
        check(store.find("realm-2", "alice", pathId).isEmpty(), "an id finds nothing in another realm", input);

        if (found.isPresent()) {
            check(store.claimDecision(found.get()).isPresent(), "the first decision is claimed", input);
            check(store.claimDecision(found.get()).isEmpty(), "a second decision is not", input);
            check(store.find(REALM, "alice", pathId).isEmpty(), "a decided request is gone", input);
        }
        check(store.listForUser(REALM, "alice").size() == (ALICE_REQUEST.equals(pathId) ? 0 : 1), "only a decided request leaves the listing", input);
        check(store.listForUser(REALM, "bob").size() == 1, "another user's listing is untouched", input);
    }

    private static KeycloakSession session(SingleUseObjectProvider store) {
        return (KeycloakSession) Proxy.newProxyInstance(ApproverApiFuzzTest.class.getClassLoader(),
                new Class<?>[] {KeycloakSession.class}, (p, m, args) -> switch (m.getName()) {
                    case "singleUseObjects" -> store;
                    default -> throw new UnsupportedOperationException(m.getName());
                });
    }
}
