package dev.fapikit.core.rar.consent;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.fapikit.core.rar.AuthorizationDetails;
import dev.fapikit.core.rar.PaymentInitiation;
import dev.fapikit.core.rar.PaymentWording;

/**
 * What the consent page shows for an {@code authorization_details} string: one line per entry, in request order. A
 * {@value PaymentInitiation#TYPE} entry becomes its sentence in the user's language ({@link PaymentWording}) and its
 * reference ({@code remittanceInformationUnstructured}) when it has one; an entry of another type a generic line naming
 * the type. The texts are client input: the template escapes them (FreeMarker's HTML auto-escaping).
 */
final class ConsentPage {

    /** Line kind of a payment initiation. */
    static final String PAYMENT = "payment";

    /** Line kind of any other type. */
    static final String OTHER = "other";

    private ConsentPage() {
    }

    /**
     * The lines for {@code details}, each a map with {@code kind}, {@code type}, {@code text} and {@code reference}
     * (empty when absent), for the template.
     *
     * @throws dev.fapikit.core.rar.InvalidAuthorizationDetails details that cannot be shown (they were checked at the
     *                                                          authorization request, so only a changed rule gets here)
     */
    static List<Map<String, String>> lines(String details, Locale locale) {
        List<Map<String, String>> lines = new ArrayList<>();
        for (ObjectNode entry : AuthorizationDetails.parse(details).entries()) {
            String type = entry.get("type").asText();
            if (PaymentInitiation.TYPE.equals(type)) {
                PaymentInitiation payment = PaymentInitiation.parse(entry);
                lines.add(Map.of("kind", PAYMENT, "type", type, "text", PaymentWording.sentence(payment, locale),
                        "reference", payment.remittance() == null ? "" : payment.remittance()));
            } else {
                lines.add(Map.of("kind", OTHER, "type", AuthorizationDetails.quoted(type), "text", "", "reference", ""));
            }
        }
        return lines;
    }
}
