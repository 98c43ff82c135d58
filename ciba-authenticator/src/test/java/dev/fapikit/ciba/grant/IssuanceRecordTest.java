package dev.fapikit.ciba.grant;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;

import dev.fapikit.ciba.events.Refusal;
import org.junit.jupiter.api.Test;

/** CIBA Core 1.0 §10.1/§11: tokens only for the resolved user who approved, the stored client and scope, a live consent. */
class IssuanceRecordTest {

    private static final String ALICE = "alice-id", MALLORY = "mallory-id";

    private static Map<String, String> approvedBy(String resolved, String approver, Long consent) {
        Map<String, String> record = new HashMap<>(IssuanceRecord.atRequest(resolved));
        record.putAll(IssuanceRecord.atApproval(approver, consent));
        return record;
    }

    private static Refusal check(String subject, Map<String, String> record, Long consentNow) {
        return IssuanceRecord.check(subject, "ciba-poll", "openid", "ciba-poll", "openid", record, consentNow);
    }

    @Test
    void theResolvedUserWhoApprovedGetsTokens() {
        assertThat(check(MALLORY, approvedBy(MALLORY, MALLORY, null), null)).isNull();
        assertThat(check(ALICE, approvedBy(ALICE, ALICE, 1000L), 1000L)).isNull();
    }

    @Test
    void aSubjectOtherThanTheResolvedUserIsInvalidGrant() {
        Refusal refusal = check(ALICE, approvedBy(MALLORY, MALLORY, null), null);
        assertThat(refusal).isNotNull();
        assertThat(refusal.error()).isEqualTo("invalid_grant");
        assertThat(refusal.description()).doesNotContain(ALICE).doesNotContain(MALLORY);
    }

    @Test
    void anApproverOtherThanTheResolvedUserIsInvalidGrant() {
        assertThat(check(ALICE, approvedBy(ALICE, MALLORY, null), null).error()).isEqualTo("invalid_grant");
    }

    @Test
    void aRecordWithoutResolvedUserIsInvalidGrant() {
        assertThat(check(ALICE, Map.of(IssuanceRecord.APPROVED_BY, ALICE), null).error()).isEqualTo("invalid_grant");
        assertThat(check(ALICE, null, null).error()).isEqualTo("invalid_grant");
        assertThat(check(null, approvedBy(ALICE, ALICE, null), null).error()).isEqualTo("invalid_grant");
    }

    @Test
    void anotherClientOrScopeIsInvalidGrant() {
        Map<String, String> record = approvedBy(ALICE, ALICE, null);
        assertThat(IssuanceRecord.check(ALICE, "other", "openid", "ciba-poll", "openid", record, null).error()).isEqualTo("invalid_grant");
        assertThat(IssuanceRecord.check(ALICE, "ciba-poll", "openid payments", "ciba-poll", "openid", record, null).error())
                .isEqualTo("invalid_grant");
    }

    @Test
    void aConsentWithdrawnAfterApprovalIsAccessDenied() {
        assertThat(check(ALICE, approvedBy(ALICE, ALICE, 1000L), null).error()).isEqualTo("access_denied");
        // withdrawn and given again by another flow: not the consent the user had when approving
        assertThat(check(ALICE, approvedBy(ALICE, ALICE, 1000L), 2000L).error()).isEqualTo("access_denied");
    }
}
