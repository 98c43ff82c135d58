package dev.fapikit.core.rar.consent;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Proxy;
import java.util.Map;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.keycloak.authentication.InitiatedActionSupport;
import org.keycloak.authentication.RequiredActionContext;

import dev.fapikit.core.rar.ApprovedDetails;

class PaymentConsentRequiredActionTest {

    static final String DETAILS = ConsentPageTest.PAYMENT;
    static final String USER = "alice-id";

    @Test
    @DisplayName("a request with authorization_details and no approval needs the consent step")
    void pendingWithoutApproval() {
        assertThat(PaymentConsentRequiredAction.pending(Fakes.authSession(Map.of(ApprovedDetails.DETAILS_NOTE, DETAILS)).model(), USER))
                .isTrue();
    }

    @Test
    @DisplayName("once approved for exactly these details it is not triggered again (no loop after success)")
    void notPendingOnceApproved() {
        Fakes.AuthSession auth = Fakes.authSession(Map.of(ApprovedDetails.DETAILS_NOTE, DETAILS,
                ApprovedDetails.NOTE, ApprovedDetails.approval(USER, DETAILS)));
        assertThat(PaymentConsentRequiredAction.pending(auth.model(), USER)).isFalse();
    }

    @Test
    @DisplayName("an approval of other details does not count")
    void otherApprovalDoesNotCount() {
        Fakes.AuthSession auth = Fakes.authSession(Map.of(ApprovedDetails.DETAILS_NOTE, DETAILS,
                ApprovedDetails.NOTE, ApprovedDetails.approval(USER, DETAILS.replace("45.00", "46.00"))));
        assertThat(PaymentConsentRequiredAction.pending(auth.model(), USER)).isTrue();
    }

    @Test
    @DisplayName("another user's approval left in the authentication session (restart login) does not count")
    void otherUsersApprovalDoesNotCount() {
        Fakes.AuthSession auth = Fakes.authSession(Map.of(ApprovedDetails.DETAILS_NOTE, DETAILS,
                ApprovedDetails.NOTE, ApprovedDetails.approval("bob-id", DETAILS)));
        assertThat(PaymentConsentRequiredAction.pending(auth.model(), USER)).isTrue();
    }

    @Test
    @DisplayName("a request without authorization_details needs no page; the sign-in is marked as asking for none")
    void noDetails() {
        Fakes.AuthSession auth = Fakes.authSession(Map.of());
        assertThat(PaymentConsentRequiredAction.pending(auth.model(), USER)).isFalse();
        new PaymentConsentRequiredAction().evaluateTriggers(context(auth));
        assertThat(auth.requiredActions()).isEmpty();
        assertThat(auth.notes()).containsEntry(ApprovedDetails.NOTE, ApprovedDetails.NONE);
    }

    @Test
    @DisplayName("evaluateTriggers adds the step for unapproved details, and not again once approved")
    void triggers() {
        Fakes.AuthSession auth = Fakes.authSession(Map.of(ApprovedDetails.DETAILS_NOTE, DETAILS));
        new PaymentConsentRequiredAction().evaluateTriggers(context(auth));
        assertThat(auth.requiredActions()).containsExactly(PaymentConsentRequiredActionFactory.PROVIDER_ID);
        assertThat(auth.notes()).doesNotContainKey(ApprovedDetails.NOTE);

        Fakes.AuthSession approved = Fakes.authSession(Map.of(ApprovedDetails.DETAILS_NOTE, DETAILS,
                ApprovedDetails.NOTE, ApprovedDetails.approval(USER, DETAILS)));
        new PaymentConsentRequiredAction().evaluateTriggers(context(approved));
        assertThat(approved.requiredActions()).isEmpty();
    }

    private static RequiredActionContext context(Fakes.AuthSession auth) {
        return (RequiredActionContext) Proxy.newProxyInstance(PaymentConsentRequiredActionTest.class.getClassLoader(),
                new Class<?>[] {RequiredActionContext.class}, (p, m, args) -> switch (m.getName()) {
                    case "getAuthenticationSession" -> auth.model();
                    case "getUser" -> user(USER);
                    default -> throw new UnsupportedOperationException(m.getName());
                });
    }

    static org.keycloak.models.UserModel user(String id) {
        return (org.keycloak.models.UserModel) Proxy.newProxyInstance(PaymentConsentRequiredActionTest.class.getClassLoader(),
                new Class<?>[] {org.keycloak.models.UserModel.class}, (p, m, args) -> switch (m.getName()) {
                    case "getId" -> id;
                    default -> throw new UnsupportedOperationException(m.getName());
                });
    }

    @Test
    @DisplayName("an application cannot start it with kc_action; the factory's id is kebab-case")
    void notApplicationInitiated() {
        assertThat(new PaymentConsentRequiredAction().initiatedActionSupport()).isEqualTo(InitiatedActionSupport.NOT_SUPPORTED);
        assertThat(PaymentConsentRequiredActionFactory.PROVIDER_ID).matches("[a-z]+(-[a-z]+)*");
        assertThat(new PaymentConsentRequiredActionFactory().getId()).isEqualTo(PaymentConsentRequiredActionFactory.PROVIDER_ID);
    }
}
