package dev.fapikit.core.rar;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.reflect.Proxy;
import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.keycloak.models.AuthenticatedClientSessionModel;
import org.keycloak.models.ClientSessionContext;
import org.keycloak.protocol.oidc.rar.InvalidAuthorizationDetailsException;
import org.keycloak.representations.AuthorizationDetailsJSONRepresentation;
import org.keycloak.util.JsonSerialization;

import dev.fapikit.core.rar.consent.PaymentConsentRequiredActionFactory;

/** RFC 9396 §7: the processor lets only details into a token that the user approved (the safety net). */
class PaymentInitiationProcessorTest {

    static final String PAYMENT = """
            [{"type":"payment_initiation","actions":["initiate"],
              "instructedAmount":{"currency":"EUR","amount":"45.00"},
              "creditorName":"Merchant123","creditorAccount":{"iban":"DE02100100109307118603"}}]""";

    static final String OTHER_PAYMENT = PAYMENT.replace("45.00", "4500.00");

    private final PaymentInitiationProcessor processor = new PaymentInitiationProcessor();

    /** A client session context whose client session has {@code notes} (every other method fails the test). */
    static ClientSessionContext context(Map<String, String> notes) {
        Map<String, String> copy = new HashMap<>(notes);
        AuthenticatedClientSessionModel clientSession = (AuthenticatedClientSessionModel) Proxy.newProxyInstance(
                PaymentInitiationProcessorTest.class.getClassLoader(), new Class<?>[] {AuthenticatedClientSessionModel.class},
                (p, m, args) -> switch (m.getName()) {
                    case "getNote" -> copy.get((String) args[0]);
                    case "getUserSession" -> userSession(USER);
                    default -> throw new UnsupportedOperationException(m.getName());
                });
        return (ClientSessionContext) Proxy.newProxyInstance(PaymentInitiationProcessorTest.class.getClassLoader(),
                new Class<?>[] {ClientSessionContext.class}, (p, m, args) -> switch (m.getName()) {
                    case "getClientSession" -> clientSession;
                    default -> throw new UnsupportedOperationException(m.getName());
                });
    }

    static final String USER = "alice-id";

    /** The user session of the user {@code id}. */
    static org.keycloak.models.UserSessionModel userSession(String id) {
        org.keycloak.models.UserModel user = (org.keycloak.models.UserModel) Proxy.newProxyInstance(
                PaymentInitiationProcessorTest.class.getClassLoader(), new Class<?>[] {org.keycloak.models.UserModel.class},
                (p, m, args) -> switch (m.getName()) {
                    case "getId" -> id;
                    default -> throw new UnsupportedOperationException(m.getName());
                });
        return (org.keycloak.models.UserSessionModel) Proxy.newProxyInstance(PaymentInitiationProcessorTest.class.getClassLoader(),
                new Class<?>[] {org.keycloak.models.UserSessionModel.class}, (p, m, args) -> switch (m.getName()) {
                    case "getUser" -> user;
                    default -> throw new UnsupportedOperationException(m.getName());
                });
    }

    static ClientSessionContext approved(String details) {
        return context(Map.of(ApprovedDetails.DETAILS_NOTE, details, ApprovedDetails.NOTE, ApprovedDetails.approval(USER, details)));
    }

    static AuthorizationDetailsJSONRepresentation entry(String details) throws Exception {
        return JsonSerialization.readValue(JsonSerialization.mapper.readTree(details).get(0).toString(),
                AuthorizationDetailsJSONRepresentation.class);
    }

    @Nested
    @DisplayName("stored details (code grant)")
    class Stored {

        @Test
        @DisplayName("approved exactly: returned unchanged")
        void approvedExactly() throws Exception {
            AuthorizationDetailsJSONRepresentation detail = entry(PAYMENT);
            assertThat(processor.processStoredAuthorizationDetails(null, approved(PAYMENT), detail)).isSameAs(detail);
        }

        @Test
        @DisplayName("no approval (a realm without the consent step): invalid_authorization_details naming the required action")
        void noApproval() {
            assertThatThrownBy(() -> processor.processStoredAuthorizationDetails(null,
                    context(Map.of(ApprovedDetails.DETAILS_NOTE, PAYMENT)), entry(PAYMENT)))
                    .isInstanceOf(InvalidAuthorizationDetailsException.class)
                    .hasMessageContaining("not approved").hasMessageContaining(PaymentConsentRequiredActionFactory.PROVIDER_ID);
        }

        @Test
        @DisplayName("an approval of other details: refused")
        void approvalOfOtherDetails() {
            ClientSessionContext context = context(Map.of(ApprovedDetails.DETAILS_NOTE, PAYMENT,
                    ApprovedDetails.NOTE, ApprovedDetails.approval(USER, OTHER_PAYMENT)));
            assertThatThrownBy(() -> processor.processStoredAuthorizationDetails(null, context, entry(PAYMENT)))
                    .isInstanceOf(InvalidAuthorizationDetailsException.class);
        }

        @Test
        @DisplayName("another user's approval of the same details (a restarted sign-in on a shared browser): refused")
        void approvalOfAnotherUser() {
            ClientSessionContext context = context(Map.of(ApprovedDetails.DETAILS_NOTE, PAYMENT,
                    ApprovedDetails.NOTE, ApprovedDetails.approval("bob-id", PAYMENT)));
            assertThatThrownBy(() -> processor.processStoredAuthorizationDetails(null, context, entry(PAYMENT)))
                    .isInstanceOf(InvalidAuthorizationDetailsException.class);
        }

        @Test
        @DisplayName("details left from an earlier request of the client session, the latest sign-in asking for none: no details")
        void leftFromEarlierRequest() throws Exception {
            ClientSessionContext context = context(Map.of(ApprovedDetails.DETAILS_NOTE, PAYMENT,
                    ApprovedDetails.NOTE, ApprovedDetails.NONE));
            assertThat(processor.processStoredAuthorizationDetails(null, context, entry(PAYMENT))).isNull();
            // and a token request cannot name them either
            assertThatThrownBy(() -> processor.process(null, context, entry(PAYMENT)))
                    .isInstanceOf(InvalidAuthorizationDetailsException.class);
        }

        @Test
        @DisplayName("no client session: refused")
        void noClientSession() {
            assertThatThrownBy(() -> processor.processStoredAuthorizationDetails(null, null, entry(PAYMENT)))
                    .isInstanceOf(InvalidAuthorizationDetailsException.class);
        }
    }

    @Nested
    @DisplayName("details named by the token request (RFC 9396 §6.1)")
    class Requested {

        @Test
        @DisplayName("an approved entry: returned")
        void approvedEntry() throws Exception {
            AuthorizationDetailsJSONRepresentation detail = entry(PAYMENT);
            assertThat(processor.process(null, approved(PAYMENT), detail)).isSameAs(detail);
        }

        @Test
        @DisplayName("another payment than the approved one: refused, though the session holds a valid approval")
        void otherPayment() {
            assertThatThrownBy(() -> processor.process(null, approved(PAYMENT), entry(OTHER_PAYMENT)))
                    .isInstanceOf(InvalidAuthorizationDetailsException.class).hasMessageContaining("did not approve");
        }

        @Test
        @DisplayName("without an approval: refused")
        void withoutApproval() {
            assertThatThrownBy(() -> processor.process(null, context(Map.of(ApprovedDetails.DETAILS_NOTE, PAYMENT)), entry(PAYMENT)))
                    .isInstanceOf(InvalidAuthorizationDetailsException.class);
        }
    }
}
