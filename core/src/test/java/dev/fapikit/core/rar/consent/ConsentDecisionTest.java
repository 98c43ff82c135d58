package dev.fapikit.core.rar.consent;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import dev.fapikit.core.rar.ApprovedDetails;

class ConsentDecisionTest {

    static final String DETAILS = ConsentPageTest.PAYMENT;

    @Test
    @DisplayName("approve with the fingerprint of the request's details: approved")
    void approved() {
        assertThat(ConsentDecision.of("approve", null, ApprovedDetails.fingerprint(DETAILS), DETAILS))
                .isEqualTo(ConsentDecision.APPROVED);
    }

    @Test
    @DisplayName("approve with the fingerprint of other details (a stale or replayed form), a forged one or none: not approved")
    void staleOrForged() {
        String other = DETAILS.replace("45.00", "4500.00");
        assertThat(ConsentDecision.of("approve", null, ApprovedDetails.fingerprint(other), DETAILS)).isEqualTo(ConsentDecision.STALE);
        assertThat(ConsentDecision.of("approve", null, "forged", DETAILS)).isEqualTo(ConsentDecision.STALE);
        assertThat(ConsentDecision.of("approve", null, null, DETAILS)).isEqualTo(ConsentDecision.STALE);
        assertThat(ConsentDecision.of("approve", null, ApprovedDetails.fingerprint(DETAILS), null)).isEqualTo(ConsentDecision.STALE);
    }

    @Test
    @DisplayName("deny wins, whatever the fingerprint and even next to approve")
    void denyAlwaysHonoured() {
        assertThat(ConsentDecision.of(null, "deny", "forged", DETAILS)).isEqualTo(ConsentDecision.DENIED);
        assertThat(ConsentDecision.of("approve", "deny", ApprovedDetails.fingerprint(DETAILS), DETAILS)).isEqualTo(ConsentDecision.DENIED);
    }

    @Test
    @DisplayName("no button: neither approved nor denied")
    void none() {
        assertThat(ConsentDecision.of(null, null, ApprovedDetails.fingerprint(DETAILS), DETAILS)).isEqualTo(ConsentDecision.NONE);
    }
}
