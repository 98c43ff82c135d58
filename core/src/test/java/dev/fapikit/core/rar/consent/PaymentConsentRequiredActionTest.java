package dev.fapikit.core.rar.consent;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.keycloak.authentication.InitiatedActionSupport;

import dev.fapikit.core.rar.ApprovedDetails;

class PaymentConsentRequiredActionTest {

    static final String DETAILS = ConsentPageTest.PAYMENT;

    @Test
    @DisplayName("a request with authorization_details and no approval needs the consent step")
    void pendingWithoutApproval() {
        assertThat(PaymentConsentRequiredAction.pending(Fakes.authSession(Map.of(ApprovedDetails.DETAILS_NOTE, DETAILS)).model()))
                .isTrue();
    }

    @Test
    @DisplayName("once approved for exactly these details it is not triggered again (no loop after success)")
    void notPendingOnceApproved() {
        Fakes.AuthSession auth = Fakes.authSession(Map.of(ApprovedDetails.DETAILS_NOTE, DETAILS,
                ApprovedDetails.NOTE, ApprovedDetails.fingerprint(DETAILS)));
        assertThat(PaymentConsentRequiredAction.pending(auth.model())).isFalse();
    }

    @Test
    @DisplayName("an approval of other details does not count")
    void otherApprovalDoesNotCount() {
        Fakes.AuthSession auth = Fakes.authSession(Map.of(ApprovedDetails.DETAILS_NOTE, DETAILS,
                ApprovedDetails.NOTE, ApprovedDetails.fingerprint(DETAILS.replace("45.00", "46.00"))));
        assertThat(PaymentConsentRequiredAction.pending(auth.model())).isTrue();
    }

    @Test
    @DisplayName("a request without authorization_details is left alone")
    void noDetails() {
        assertThat(PaymentConsentRequiredAction.pending(Fakes.authSession(Map.of()).model())).isFalse();
    }

    @Test
    @DisplayName("an application cannot start it with kc_action; the factory's id is kebab-case")
    void notApplicationInitiated() {
        assertThat(new PaymentConsentRequiredAction().initiatedActionSupport()).isEqualTo(InitiatedActionSupport.NOT_SUPPORTED);
        assertThat(PaymentConsentRequiredActionFactory.PROVIDER_ID).matches("[a-z]+(-[a-z]+)*");
        assertThat(new PaymentConsentRequiredActionFactory().getId()).isEqualTo(PaymentConsentRequiredActionFactory.PROVIDER_ID);
    }
}
