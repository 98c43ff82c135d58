package dev.fapikit.ciba.rar;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.reflect.Proxy;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.SingleUseObjectProvider;

import dev.fapikit.ciba.approval.MemorySingleUseObjects;
import dev.fapikit.core.rar.ApprovedDetails;
import dev.fapikit.core.rar.InvalidAuthorizationDetails;

class RequestedDetailsTest {

    static final String PAYMENT = "[{\"type\":\"payment_initiation\",\"instructedAmount\":{\"currency\":\"EUR\",\"amount\":\"45.00\"},"
            + "\"creditorName\":\"Merchant123\",\"creditorAccount\":{\"iban\":\"DE02100100109307118603\"},"
            + "\"remittanceInformationUnstructured\":\"Order 4711\"}]";
    private static final Set<String> SUPPORTED = Set.of("payment_initiation");
    private static final ObjectMapper JSON = new ObjectMapper();

    @Nested
    @DisplayName("Given a backchannel request with authorization_details")
    class Check {

        @Test
        @DisplayName("a valid payment passes and is returned for the approval screen")
        void validPayment() {
            assertThat(RequestedDetails.check(PAYMENT, true, SUPPORTED)).singleElement()
                    .satisfies(p -> assertThat(p.creditorName()).isEqualTo("Merchant123"));
        }

        @Test
        @DisplayName("on Keycloak 26.4 (no processor SPI) every value is refused with the reason")
        void unavailable() {
            assertThatThrownBy(() -> RequestedDetails.check(PAYMENT, false, Set.of()))
                    .isInstanceOf(InvalidAuthorizationDetails.class).hasMessageContaining("Keycloak 26.5");
        }

        @Test
        @DisplayName("an unknown type, a supported type the approval screen cannot show, and a bad amount are refused")
        void refused() {
            assertThatThrownBy(() -> RequestedDetails.check("[{\"type\":\"account_information\"}]", true, SUPPORTED))
                    .isInstanceOf(InvalidAuthorizationDetails.class).hasMessageContaining("not supported");
            assertThatThrownBy(() -> RequestedDetails.check("[{\"type\":\"openid_credential\"}]", true,
                    Set.of("payment_initiation", "openid_credential")))
                    .isInstanceOf(InvalidAuthorizationDetails.class).hasMessageContaining("cannot be approved over CIBA");
            assertThatThrownBy(() -> RequestedDetails.check(PAYMENT.replace("45.00", "45.001"), true, SUPPORTED))
                    .isInstanceOf(InvalidAuthorizationDetails.class).hasMessageContaining("amount");
            assertThatThrownBy(() -> RequestedDetails.check("{}", true, SUPPORTED)).isInstanceOf(InvalidAuthorizationDetails.class);
        }

        @Test
        @DisplayName("a signed request object's claim must be a JSON array (RFC 9396 §3)")
        void requestObjectClaim() throws Exception {
            ObjectNode claims = JSON.createObjectNode();
            assertThat(RequestedDetails.fromRequestObject(claims)).isNull();
            assertThat(RequestedDetails.fromRequestObject(null)).isNull();
            claims.set("authorization_details", JSON.readTree(PAYMENT));
            assertThat(JSON.readTree(RequestedDetails.fromRequestObject(claims))).isEqualTo(JSON.readTree(PAYMENT));
            claims.put("authorization_details", PAYMENT);
            assertThatThrownBy(() -> RequestedDetails.fromRequestObject(claims))
                    .isInstanceOf(InvalidAuthorizationDetails.class).hasMessageContaining("JSON array");
        }
    }

    @Nested
    @DisplayName("Given the user is shown the request")
    class Wording {

        @Test
        @DisplayName("each payment is one sentence in the user's language, the account masked")
        void sentences() {
            assertThat(RequestedDetails.sentences(PAYMENT, Locale.ENGLISH)).containsExactly("Pay €45.00 to Merchant123, account …8603");
            assertThat(RequestedDetails.sentences(PAYMENT, Locale.GERMAN)).containsExactly("45,00\u00a0€ an Merchant123 zahlen, Konto …8603");
        }

        @Test
        @DisplayName("the app gets the sentence and its parts, never the full account")
        void describe() {
            Map<String, Object> d = RequestedDetails.describe(RequestedDetails.payments(PAYMENT).get(0), Locale.ENGLISH);
            assertThat(d).containsEntry("text", "Pay €45.00 to Merchant123, account …8603").containsEntry("amount", "45.00")
                    .containsEntry("currency", "EUR").containsEntry("creditor_name", "Merchant123")
                    .containsEntry("creditor_account", "…8603").containsEntry("remittance_information", "Order 4711");
            assertThat(d.values().toString()).doesNotContain("DE02100100109307118603");
        }
    }

    @Nested
    @DisplayName("Given the details are stored with the request and approved")
    class Binding {

        private final MemorySingleUseObjects store = new MemorySingleUseObjects();
        private final KeycloakSession session = (KeycloakSession) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {KeycloakSession.class}, (p, m, args) -> {
                    if (m.getName().equals("singleUseObjects")) return (SingleUseObjectProvider) store;
                    throw new UnsupportedOperationException(m.getName());
                });

        @Test
        @DisplayName("they live in their own entry keyed by realm and request, and are removed with it")
        void storedAndRemoved() {
            RequestedDetails.store(session, "realm-1", "req-1", PAYMENT, 60);
            assertThat(RequestedDetails.stored(session, "realm-1", "req-1")).isEqualTo(PAYMENT);
            assertThat(RequestedDetails.stored(session, "realm-2", "req-1")).isNull();
            assertThat(RequestedDetails.stored(session, "realm-1", "req-2")).isNull();
            RequestedDetails.remove(session, "realm-1", "req-1");
            assertThat(RequestedDetails.stored(session, "realm-1", "req-1")).isNull();
        }

        @Test
        @DisplayName("the approval record names the fingerprint of exactly the stored details; a request without details adds nothing")
        void approvalFingerprint() {
            RequestedDetails.store(session, "realm-1", "req-1", PAYMENT, 60);
            Map<String, String> record = RequestedDetails.withApproval(session, "realm-1", "req-1", new HashMap<>());
            assertThat(record).containsEntry(RequestedDetails.APPROVED, ApprovedDetails.fingerprint(PAYMENT));
            assertThat(RequestedDetails.approvedAsStored(PAYMENT, record)).isTrue();
            assertThat(RequestedDetails.approvedAsStored(PAYMENT.replace("45.00", "46.00"), record)).isFalse();
            assertThat(RequestedDetails.approvedAsStored(null, record)).isFalse();
            assertThat(RequestedDetails.approvedAsStored(PAYMENT, Map.of())).isFalse();

            Map<String, String> plain = RequestedDetails.withApproval(session, "realm-1", "req-2", new HashMap<>());
            assertThat(plain).isEmpty();
            assertThat(RequestedDetails.approvedAsStored(null, plain)).isTrue();
        }

        @Test
        @DisplayName("RFC 9396 §6: a token request may repeat the approved details, anything else is invalid_authorization_details")
        void tokenRequest() {
            assertThatCode(() -> RequestedDetails.checkTokenRequest(null, PAYMENT)).doesNotThrowAnyException();
            assertThatCode(() -> RequestedDetails.checkTokenRequest(null, null)).doesNotThrowAnyException();
            assertThatCode(() -> RequestedDetails.checkTokenRequest(PAYMENT.replace(",", " ,"), PAYMENT)).doesNotThrowAnyException();
            assertThatThrownBy(() -> RequestedDetails.checkTokenRequest(PAYMENT.replace("45.00", "4500.00"), PAYMENT))
                    .isInstanceOf(InvalidAuthorizationDetails.class).hasMessageContaining("differ");
            assertThatThrownBy(() -> RequestedDetails.checkTokenRequest(PAYMENT, null))
                    .isInstanceOf(InvalidAuthorizationDetails.class).hasMessageContaining("without authorization_details");
            assertThatThrownBy(() -> RequestedDetails.checkTokenRequest("not json", PAYMENT)).isInstanceOf(InvalidAuthorizationDetails.class);
        }
    }

    @Nested
    @DisplayName("Given an approval (RFC 9396 §7: the approver must have been shown the details)")
    class Acknowledgement {

        @Test
        @DisplayName("a request without details needs no fingerprint, and any sent is ignored")
        void noDetails() {
            assertThat(RequestedDetails.acknowledgement(null, null)).isEqualTo(RequestedDetails.Acknowledgement.ACKNOWLEDGED);
            assertThat(RequestedDetails.acknowledgement(null, "anything")).isEqualTo(RequestedDetails.Acknowledgement.ACKNOWLEDGED);
        }

        @Test
        @DisplayName("a request with details needs exactly their fingerprint: missing, empty, another's or altered is refused")
        void withDetails() {
            String listed = ApprovedDetails.fingerprint(PAYMENT);
            assertThat(RequestedDetails.acknowledgement(PAYMENT, listed)).isEqualTo(RequestedDetails.Acknowledgement.ACKNOWLEDGED);
            for (String sent : new String[] {null, "", ApprovedDetails.fingerprint(PAYMENT.replace("45.00", "4500.00")),
                    listed.substring(1), listed + "A", listed.toLowerCase(Locale.ROOT), "\u0000", "é"}) {
                assertThat(RequestedDetails.acknowledgement(PAYMENT, sent)).as(String.valueOf(sent))
                        .isEqualTo(RequestedDetails.Acknowledgement.NOT_ACKNOWLEDGED);
            }
        }

        @Test
        @DisplayName("details that cannot be shown cannot be approved, even with their own fingerprint")
        void unreadable() {
            String bad = "[{\"type\":\"payment_initiation\"}]";
            assertThat(RequestedDetails.acknowledgement(bad, ApprovedDetails.fingerprint(bad)))
                    .isEqualTo(RequestedDetails.Acknowledgement.UNREADABLE);
            assertThat(RequestedDetails.acknowledgement("not json", ApprovedDetails.fingerprint("not json")))
                    .isEqualTo(RequestedDetails.Acknowledgement.UNREADABLE);
        }

        @Test
        @DisplayName("the approval record carries the fingerprint of the details read for the acknowledgement")
        void record() {
            assertThat(RequestedDetails.withApproval(PAYMENT, new HashMap<>()))
                    .containsEntry(RequestedDetails.APPROVED, ApprovedDetails.fingerprint(PAYMENT));
            assertThat(RequestedDetails.withApproval((String) null, new HashMap<>())).isEmpty();
        }
    }
}
