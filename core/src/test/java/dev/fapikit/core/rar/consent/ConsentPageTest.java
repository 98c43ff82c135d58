package dev.fapikit.core.rar.consent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import dev.fapikit.core.rar.InvalidAuthorizationDetails;

class ConsentPageTest {

    static final String PAYMENT = """
            [{"type":"payment_initiation","actions":["initiate"],
              "instructedAmount":{"currency":"EUR","amount":"45.00"},
              "creditorName":"Merchant123","creditorAccount":{"iban":"DE02100100109307118603"},
              "remittanceInformationUnstructured":"Order 4711"}]""";

    @Test
    @DisplayName("a payment becomes PaymentWording's sentence in the user's language, with its reference")
    void paymentInWords() {
        List<Map<String, String>> en = ConsentPage.lines(PAYMENT, Locale.ENGLISH);
        assertThat(en).singleElement().satisfies(line -> {
            assertThat(line.get("kind")).isEqualTo(ConsentPage.PAYMENT);
            assertThat(line.get("text")).isEqualTo("Pay €45.00 to Merchant123, account …8603");
            assertThat(line.get("reference")).isEqualTo("Order 4711");
        });
        assertThat(ConsentPage.lines(PAYMENT, Locale.GERMANY).get(0).get("text").replace('\u00a0', ' '))
                .isEqualTo("45,00 € an Merchant123 zahlen, Konto …8603");
    }

    @Test
    @DisplayName("without a reference the line has an empty one; a null locale reads English")
    void noReference() {
        String withoutReference = PAYMENT.replace(",\n  \"remittanceInformationUnstructured\":\"Order 4711\"", "");
        assertThat(withoutReference).doesNotContain("Order 4711");
        Map<String, String> line = ConsentPage.lines(withoutReference, null).get(0);
        assertThat(line.get("reference")).isEmpty();
        assertThat(line.get("text")).startsWith("Pay €45.00");
    }

    @Test
    @DisplayName("another type becomes a generic line naming the type, in request order after the payment")
    void otherType() {
        String details = PAYMENT.substring(0, PAYMENT.length() - 1) + ",{\"type\":\"account_information\",\"actions\":[\"read\"]}]";
        List<Map<String, String>> lines = ConsentPage.lines(details, Locale.ENGLISH);
        assertThat(lines).extracting(l -> l.get("kind")).containsExactly(ConsentPage.PAYMENT, ConsentPage.OTHER);
        assertThat(lines.get(1).get("type")).isEqualTo("'account_information'");
    }

    @Test
    @DisplayName("a hostile creditor name is kept as text for the template to escape (not dropped, not altered)")
    void hostileNameKeptAsText() {
        String details = PAYMENT.replace("Merchant123", "<script>alert(1)</script>");
        assertThat(ConsentPage.lines(details, Locale.ENGLISH).get(0).get("text")).contains("<script>alert(1)</script>");
    }

    @Test
    @DisplayName("details that are no longer valid cannot be shown (so cannot be approved)")
    void invalidCannotBeShown() {
        assertThatThrownBy(() -> ConsentPage.lines(PAYMENT.replace("DE02100100109307118603", "DE02100100109307118604"),
                Locale.ENGLISH)).isInstanceOf(InvalidAuthorizationDetails.class);
        assertThatThrownBy(() -> ConsentPage.lines("[", Locale.ENGLISH)).isInstanceOf(InvalidAuthorizationDetails.class);
    }
}
