package dev.fapikit.ciba.rar;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.keycloak.models.KeycloakSession;

import dev.fapikit.core.rar.ApprovedDetails;
import dev.fapikit.core.rar.AuthorizationDetails;
import dev.fapikit.core.rar.InvalidAuthorizationDetails;
import dev.fapikit.core.rar.PaymentInitiation;
import dev.fapikit.core.rar.PaymentWording;
import dev.fapikit.core.rar.RarSupport;

/**
 * The {@code authorization_details} (RFC 9396) of a CIBA backchannel authentication request (CIBA Core 1.0 §7.1 allows
 * extension parameters): read from the form or the signed request object (RFC 9396 §3), checked before anything is
 * stored, kept in Keycloak's single-use store in an entry of its own next to the request (same lifetime; only requests
 * with details have one), shown to the user in words, and bound to the approval by its fingerprint
 * ({@link ApprovedDetails}), so that the tokens carry exactly what the user approved.
 */
public final class RequestedDetails {

    /** RFC 9396 §2 request parameter and §7 token response member. */
    public static final String PARAMETER = "authorization_details";

    /**
     * Keycloak's session attribute holding the verified claims of a signed backchannel authentication request (set by
     * its {@code BackchannelAuthenticationEndpointSignedRequestParser}, for {@code request} and {@code request_uri}).
     */
    public static final String SIGNED_REQUEST_ATTRIBUTE = "ParsedSignedAuthenticationRequest";

    /**
     * Key in the approval record (the device-code record's additional parameters, written with the decision): the
     * fingerprint of the details the user approved.
     */
    public static final String APPROVED = "fapi_kit_rar_approved";

    /**
     * Listing member and approval input: the fingerprint ({@link ApprovedDetails#fingerprint}) of the request's stored
     * details, which an approval must send back ({@link #acknowledgement}).
     */
    public static final String FINGERPRINT = "authorization_details_fingerprint";

    private static final String VALUE = "d";

    private RequestedDetails() {
    }

    /**
     * The details of a signed request object: its {@value #PARAMETER} claim, a JSON array (RFC 9396 §3), as compact
     * JSON; null when the object has none.
     *
     * @throws InvalidAuthorizationDetails the claim is not an array
     */
    public static String fromRequestObject(JsonNode claims) {
        JsonNode node = claims == null ? null : claims.get(PARAMETER);
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isArray()) {
            throw new InvalidAuthorizationDetails("in a request object, authorization_details must be a JSON array (RFC 9396 §3)");
        }
        return node.toString();
    }

    /**
     * Checks the details of a backchannel request and returns its payments. Over CIBA the user decides on FAPI Kit's
     * approval page or app, which show {@value PaymentInitiation#TYPE} entries in words; other types cannot be
     * approved there and are refused, as is everything on a Keycloak without the RFC 9396 processor SPI (26.4).
     *
     * @param supported the types the server's processors support ({@link RarSupport#supportedTypes})
     * @throws InvalidAuthorizationDetails RFC 9396 §5, with a description
     */
    public static List<PaymentInitiation> check(String details, boolean available, Set<String> supported) {
        if (!available) {
            throw new InvalidAuthorizationDetails(RarSupport.UNAVAILABLE);
        }
        AuthorizationDetails parsed = AuthorizationDetails.parse(details);
        List<PaymentInitiation> payments = new ArrayList<>();
        for (ObjectNode entry : parsed.entries()) {
            String type = entry.get("type").asText();
            if (!supported.contains(type)) {
                throw new InvalidAuthorizationDetails("authorization_details type " + AuthorizationDetails.quoted(type)
                        + " is not supported; supported: " + String.join(", ", supported));
            }
            if (!PaymentInitiation.TYPE.equals(type)) {
                throw new InvalidAuthorizationDetails("authorization_details type " + AuthorizationDetails.quoted(type)
                        + " cannot be approved over CIBA: the approval page and app show " + PaymentInitiation.TYPE + " only");
            }
            payments.add(PaymentInitiation.parse(entry));
        }
        return payments;
    }

    /** The payments of details {@link #check} accepted (as stored). */
    public static List<PaymentInitiation> payments(String details) {
        List<PaymentInitiation> payments = new ArrayList<>();
        for (ObjectNode entry : AuthorizationDetails.parse(details).entries()) {
            payments.add(PaymentInitiation.parse(entry));
        }
        return payments;
    }

    /** One sentence per payment in the user's language, e.g. "Pay €45.00 to Merchant123, account …7118". */
    public static List<String> sentences(String details, Locale locale) {
        return payments(details).stream().map(p -> PaymentWording.sentence(p, locale)).toList();
    }

    /** A payment for the authenticator app: the sentence and its parts (the account masked), in the user's language. */
    public static Map<String, Object> describe(PaymentInitiation payment, Locale locale) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("text", PaymentWording.sentence(payment, locale));
        m.put("amount", payment.amount().toPlainString());
        m.put("currency", payment.currency().getCurrencyCode());
        m.put("amount_text", PaymentWording.amount(payment, locale));
        m.put("creditor_name", payment.creditorName());
        m.put("creditor_account", PaymentWording.maskedAccount(payment));
        if (payment.remittance() != null) m.put("remittance_information", payment.remittance());
        return m;
    }

    /** Keeps the details of request {@code authResultId} until {@code lifespanSeconds}, like the request itself. */
    public static void store(KeycloakSession session, String realmId, String authResultId, String details, long lifespanSeconds) {
        session.singleUseObjects().put(key(realmId, authResultId), lifespanSeconds, Map.of(VALUE, details));
    }

    /** The stored details of request {@code authResultId}; null when it carried none (or has lapsed). */
    public static String stored(KeycloakSession session, String realmId, String authResultId) {
        Map<String, String> m = session.singleUseObjects().get(key(realmId, authResultId));
        return m == null ? null : m.get(VALUE);
    }

    public static void remove(KeycloakSession session, String realmId, String authResultId) {
        session.singleUseObjects().remove(key(realmId, authResultId));
    }

    /**
     * The approval record with the fingerprint of the details the user was shown and approved, when the request has
     * details; the record unchanged otherwise.
     */
    public static Map<String, String> withApproval(KeycloakSession session, String realmId, String authResultId,
            Map<String, String> record) {
        return withApproval(stored(session, realmId, authResultId), record);
    }

    /** The approval record with the fingerprint of {@code details} (as read for the acknowledgement); unchanged without. */
    public static Map<String, String> withApproval(String details, Map<String, String> record) {
        if (details != null) {
            record.put(APPROVED, ApprovedDetails.fingerprint(details));
        }
        return record;
    }

    /** Whether an approval of a request may proceed, as far as its authorization details go. */
    public enum Acknowledgement {
        /** The request carries no details, or the approver sent back the fingerprint of exactly the stored ones. */
        ACKNOWLEDGED,
        /** The request carries details and the approver sent no fingerprint, or another one. */
        NOT_ACKNOWLEDGED,
        /** The stored details cannot be shown in words: nobody can have been shown them, so nobody may approve them. */
        UNREADABLE
    }

    /**
     * RFC 9396 §7 (the details in the token are those the resource owner authorized): an approval of a request with
     * details must carry {@value #FINGERPRINT} as listed, the proof that the approver's screen had the details (an app
     * written before payments existed ignores them, and sends none). A request without details needs nothing.
     *
     * @param details     the stored details, may be null
     * @param fingerprint what the approver sent back, may be null (hostile input: compared, never parsed)
     */
    public static Acknowledgement acknowledgement(String details, String fingerprint) {
        if (details == null) {
            return Acknowledgement.ACKNOWLEDGED;
        }
        try {
            payments(details);
        } catch (InvalidAuthorizationDetails | IllegalArgumentException e) {
            return Acknowledgement.UNREADABLE;
        }
        return ApprovedDetails.matches(fingerprint, details) ? Acknowledgement.ACKNOWLEDGED : Acknowledgement.NOT_ACKNOWLEDGED;
    }

    /**
     * Whether the approval record matches the stored details: both absent, or the record names the fingerprint of
     * exactly these details.
     */
    public static boolean approvedAsStored(String details, Map<String, String> approval) {
        String approved = approval == null ? null : approval.get(APPROVED);
        if (details == null) {
            return approved == null;
        }
        return ApprovedDetails.matches(approved, details);
    }

    /**
     * RFC 9396 §6: a token request may name authorization details, which the grant must cover. A CIBA grant covers
     * exactly the details the user approved, so any other value (or any value when none was approved) is refused.
     *
     * @param requested the token request's parameter, may be null (then the approved details are issued)
     * @param approved  the stored details, may be null
     * @throws InvalidAuthorizationDetails when {@code requested} is present and differs
     */
    public static void checkTokenRequest(String requested, String approved) {
        if (requested == null) {
            return;
        }
        if (approved == null) {
            throw new InvalidAuthorizationDetails("this auth_req_id was approved without authorization_details (RFC 9396 §6)");
        }
        List<ObjectNode> asked = AuthorizationDetails.parse(requested).entries();
        List<ObjectNode> granted = AuthorizationDetails.parse(approved).entries();
        if (!asked.equals(granted)) {
            throw new InvalidAuthorizationDetails("authorization_details differ from those the user approved (RFC 9396 §6)");
        }
    }

    static String key(String realmId, String authResultId) {
        return "fapi-kit-ciba." + realmId + ".rar." + authResultId;
    }
}
