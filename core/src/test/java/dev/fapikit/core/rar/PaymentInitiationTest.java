package dev.fapikit.core.rar;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.util.Locale;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PaymentInitiationTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** RFC 9396 §2's example, with a real (test) IBAN. */
    static final String EXAMPLE = """
            {"type":"payment_initiation","actions":["initiate","status","cancel"],
             "locations":["https://example.com/payments"],
             "instructedAmount":{"currency":"EUR","amount":"123.50"},
             "creditorName":"Merchant A","creditorAccount":{"iban":"DE02100100109307118603"},
             "remittanceInformationUnstructured":"Ref Number Merchant"}""";

    static ObjectNode example() throws Exception {
        return (ObjectNode) JSON.readTree(EXAMPLE);
    }

    @Test
    @DisplayName("RFC 9396 §2's example is read")
    void example_is_read() throws Exception {
        PaymentInitiation payment = PaymentInitiation.parse(example());
        assertThat(payment.amount()).isEqualByComparingTo(new BigDecimal("123.50"));
        assertThat(payment.currency().getCurrencyCode()).isEqualTo("EUR");
        assertThat(payment.creditorName()).isEqualTo("Merchant A");
        assertThat(payment.creditorIban()).isEqualTo("DE02100100109307118603");
        assertThat(payment.actions()).containsExactly("initiate", "status", "cancel");
        assertThat(payment.locations()).containsExactly("https://example.com/payments");
        assertThat(payment.remittance()).isEqualTo("Ref Number Merchant");
    }

    @Test
    @DisplayName("only instructedAmount, creditorName and creditorAccount are required")
    void minimal() throws Exception {
        ObjectNode entry = example();
        entry.remove("actions");
        entry.remove("locations");
        entry.remove("remittanceInformationUnstructured");
        assertThat(PaymentInitiation.parse(entry).actions()).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"instructedAmount", "creditorName", "creditorAccount"})
    void required_members(String member) throws Exception {
        ObjectNode entry = example();
        entry.remove(member);
        assertThatThrownBy(() -> PaymentInitiation.parse(entry)).isInstanceOf(InvalidAuthorizationDetails.class)
                .hasMessageContaining(member);
    }

    @Test
    @DisplayName("unknown members are refused, at every level")
    void unknown_members() throws Exception {
        ObjectNode top = example();
        top.put("debtorAccount", "x");
        assertThatThrownBy(() -> PaymentInitiation.parse(top)).hasMessageContaining("debtorAccount");
        ObjectNode amount = example();
        ((ObjectNode) amount.get("instructedAmount")).put("fee", "1");
        assertThatThrownBy(() -> PaymentInitiation.parse(amount)).hasMessageContaining("instructedAmount.fee");
        ObjectNode account = example();
        ((ObjectNode) account.get("creditorAccount")).put("bic", "X");
        assertThatThrownBy(() -> PaymentInitiation.parse(account)).hasMessageContaining("creditorAccount.bic");
    }

    @ParameterizedTest
    @ValueSource(strings = {"eur", "EURO", "ABC", "XXX", "XAU", "E1R", ""})
    void bad_currencies(String currency) throws Exception {
        ObjectNode entry = example();
        ((ObjectNode) entry.get("instructedAmount")).put("currency", currency);
        assertThatThrownBy(() -> PaymentInitiation.parse(entry)).isInstanceOf(InvalidAuthorizationDetails.class)
                .hasMessageContaining("currency");
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "0.00", "-1.00", "1.234", "1e3", "01.00", "1.", ".5", " 1.00", "1,00", "1000000000000000",
            "NaN"})
    void bad_amounts_in_eur(String amount) throws Exception {
        ObjectNode entry = example();
        ((ObjectNode) entry.get("instructedAmount")).put("amount", amount);
        assertThatThrownBy(() -> PaymentInitiation.parse(entry)).isInstanceOf(InvalidAuthorizationDetails.class)
                .hasMessageContaining("amount");
    }

    @Test
    @DisplayName("the currency's minor unit decides the digits after the point: JPY none, BHD three")
    void minor_units() throws Exception {
        ObjectNode yen = example();
        ((ObjectNode) yen.get("instructedAmount")).put("currency", "JPY").put("amount", "4500");
        assertThat(PaymentInitiation.parse(yen).amount()).isEqualByComparingTo("4500");
        ((ObjectNode) yen.get("instructedAmount")).put("amount", "4500.5");
        assertThatThrownBy(() -> PaymentInitiation.parse(yen)).hasMessageContaining("minor units (0)");
        ObjectNode dinar = example();
        ((ObjectNode) dinar.get("instructedAmount")).put("currency", "BHD").put("amount", "1.125");
        assertThat(PaymentInitiation.parse(dinar).amount()).isEqualByComparingTo("1.125");
    }

    @Test
    @DisplayName("an amount must be a string, not a JSON number")
    void amount_number() throws Exception {
        ObjectNode entry = example();
        ((ObjectNode) entry.get("instructedAmount")).put("amount", 45.0);
        assertThatThrownBy(() -> PaymentInitiation.parse(entry)).hasMessageContaining("must be a string");
    }

    @ParameterizedTest
    @ValueSource(strings = {"DE02100100109307118604", "DE02 1001 0010 9307 1186 03", "de02100100109307118603", "DE021001",
            "GB82WEST1234569876543X1234567890123456", "1234567890123456"})
    void bad_ibans(String iban) throws Exception {
        ObjectNode entry = example();
        ((ObjectNode) entry.get("creditorAccount")).put("iban", iban);
        assertThatThrownBy(() -> PaymentInitiation.parse(entry)).isInstanceOf(InvalidAuthorizationDetails.class)
                .hasMessageContaining("iban");
    }

    @ParameterizedTest
    @ValueSource(strings = {"GB82WEST12345698765432", "NL91ABNA0417164300", "FR1420041010050500013M02606"})
    void good_ibans(String iban) throws Exception {
        ObjectNode entry = example();
        ((ObjectNode) entry.get("creditorAccount")).put("iban", iban);
        assertThat(PaymentInitiation.parse(entry).creditorIban()).isEqualTo(iban);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", "Merchant\nA", "Merchant\u202EA", "Merchant\u0000", " Merchant",
            "01234567890123456789012345678901234567890123456789012345678901234567890"})
    void bad_creditor_names(String name) throws Exception {
        ObjectNode entry = example();
        entry.put("creditorName", name);
        assertThatThrownBy(() -> PaymentInitiation.parse(entry)).hasMessageContaining("creditorName");
    }

    @Test
    @DisplayName("non-Latin names are printable")
    void unicode_name() throws Exception {
        ObjectNode entry = example();
        entry.put("creditorName", "Bäckerei Müller & Söhne – Café");
        assertThat(PaymentInitiation.parse(entry).creditorName()).startsWith("Bäckerei");
    }

    @Test
    @DisplayName("remittance information longer than 140 characters is refused")
    void long_remittance() throws Exception {
        ObjectNode entry = example();
        entry.put("remittanceInformationUnstructured", "x".repeat(141));
        assertThatThrownBy(() -> PaymentInitiation.parse(entry)).hasMessageContaining("remittanceInformationUnstructured");
    }

    @Test
    @DisplayName("actions outside initiate/status/cancel, repeated actions and non-https locations are refused")
    void actions_and_locations() throws Exception {
        ObjectNode entry = example();
        entry.set("actions", JSON.readTree("[\"withdraw\"]"));
        assertThatThrownBy(() -> PaymentInitiation.parse(entry)).hasMessageContaining("actions");
        entry.set("actions", JSON.readTree("[\"initiate\",\"initiate\"]"));
        assertThatThrownBy(() -> PaymentInitiation.parse(entry)).hasMessageContaining("actions");
        ObjectNode located = example();
        located.set("locations", JSON.readTree("[\"http://example.com/payments\"]"));
        assertThatThrownBy(() -> PaymentInitiation.parse(located)).hasMessageContaining("location");
    }

    @Test
    @DisplayName("another type is not a payment initiation")
    void other_type() throws Exception {
        JsonNode entry = example().put("type", "account_information");
        assertThatThrownBy(() -> PaymentInitiation.parse(entry)).hasMessageContaining("type must be payment_initiation");
    }

    @Test
    @DisplayName("wording: amount for en and de, creditor, account masked to the last four")
    void wording() throws Exception {
        ObjectNode entry = example();
        ((ObjectNode) entry.get("instructedAmount")).put("amount", "45");
        entry.put("creditorName", "Merchant123");
        PaymentInitiation payment = PaymentInitiation.parse(entry);
        assertThat(PaymentWording.amount(payment, Locale.ENGLISH)).isEqualTo("€45.00");
        assertThat(PaymentWording.amount(payment, Locale.GERMAN).replace('\u00a0', ' ')).isEqualTo("45,00 €");
        assertThat(PaymentWording.amount(payment, Locale.forLanguageTag("fr"))).isEqualTo("€45.00");
        assertThat(PaymentWording.maskedAccount(payment)).isEqualTo("…8603").doesNotContain("DE02");
        assertThat(PaymentWording.sentence(payment, Locale.ENGLISH)).isEqualTo("Pay €45.00 to Merchant123, account …8603");
        assertThat(PaymentWording.sentence(payment, Locale.GERMANY).replace('\u00a0', ' '))
                .isEqualTo("45,00 € an Merchant123 zahlen, Konto …8603");
    }

    @Test
    @DisplayName("wording of a yen amount has no minor digits; a large euro amount is grouped")
    void wording_minor_units() throws Exception {
        ObjectNode entry = example();
        ((ObjectNode) entry.get("instructedAmount")).put("currency", "JPY").put("amount", "4500");
        assertThat(PaymentWording.amount(PaymentInitiation.parse(entry), Locale.ENGLISH)).isEqualTo("JP¥4,500");
        ObjectNode euros = example();
        ((ObjectNode) euros.get("instructedAmount")).put("amount", "1234567.5");
        assertThat(PaymentWording.amount(PaymentInitiation.parse(euros), Locale.GERMAN).replace('\u00a0', ' '))
                .isEqualTo("1.234.567,50 €");
    }
}
