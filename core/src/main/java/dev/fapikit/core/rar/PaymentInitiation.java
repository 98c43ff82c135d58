package dev.fapikit.core.rar;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.net.URI;
import java.util.ArrayList;
import java.util.Currency;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The built-in {@value #TYPE} authorization details type, shaped like RFC 9396 §2's example: a payment of
 * {@code instructedAmount} to {@code creditorName}'s account {@code creditorAccount.iban}. Read strictly, since the user
 * approves exactly what it says: members other than those below are refused, amounts are decimal strings with no more
 * digits after the point than the currency's ISO 4217 minor unit, IBANs pass the ISO 13616 mod-97 check, and texts are
 * printable and bounded (ISO 20022 Max70Text / Max140Text).
 *
 * @param actions      RFC 9396 §2.2 {@code actions}: a subset of {@link #ACTIONS}; empty when absent
 * @param locations    RFC 9396 §2.2 {@code locations}: absolute https URIs; empty when absent
 * @param amount       {@code instructedAmount.amount}, positive, at most the currency's minor-unit digits
 * @param currency     {@code instructedAmount.currency}, an ISO 4217 code with a minor unit
 * @param creditorName {@code creditorName}
 * @param creditorIban {@code creditorAccount.iban}, ISO 13616 electronic format (no spaces)
 * @param remittance   {@code remittanceInformationUnstructured}, null when absent
 */
public record PaymentInitiation(List<String> actions, List<String> locations, BigDecimal amount, Currency currency,
        String creditorName, String creditorIban, String remittance) {

    /** The {@code type} value. */
    public static final String TYPE = "payment_initiation";

    /** The actions RFC 9396 §2's example uses for payments. */
    public static final Set<String> ACTIONS = Set.of("initiate", "status", "cancel");

    static final int MAX_NAME = 70;
    static final int MAX_REMITTANCE = 140;
    static final int MAX_LOCATIONS = 5;
    static final int MAX_LOCATION_LENGTH = 512;
    static final int MAX_INTEGER_DIGITS = 15;

    private static final Set<String> MEMBERS = Set.of("type", "actions", "locations", "instructedAmount", "creditorName",
            "creditorAccount", "remittanceInformationUnstructured");
    private static final Set<String> AMOUNT_MEMBERS = Set.of("currency", "amount");
    private static final Set<String> ACCOUNT_MEMBERS = Set.of("iban");
    private static final Pattern CURRENCY = Pattern.compile("[A-Z]{3}");
    private static final Pattern AMOUNT = Pattern.compile("(0|[1-9][0-9]{0," + (MAX_INTEGER_DIGITS - 1) + "})(\\.([0-9]+))?");
    private static final Pattern IBAN = Pattern.compile("[A-Z]{2}[0-9]{2}[A-Z0-9]{11,30}");

    public PaymentInitiation {
        actions = List.copyOf(actions);
        locations = List.copyOf(locations);
    }

    /**
     * Reads one {@value #TYPE} entry of {@code authorization_details}.
     *
     * @throws InvalidAuthorizationDetails an entry that is not exactly a payment initiation as described above
     */
    public static PaymentInitiation parse(JsonNode entry) {
        if (entry == null || !entry.isObject()) {
            throw invalid("the entry must be a JSON object");
        }
        if (!TYPE.equals(text(entry, "type"))) {
            throw invalid("type must be " + TYPE);
        }
        onlyMembers(entry, MEMBERS, "");
        List<String> actions = strings(entry, "actions", 3);
        for (String action : actions) {
            if (!ACTIONS.contains(action)) {
                throw invalid("actions may contain only initiate, status and cancel");
            }
        }
        if (actions.stream().distinct().count() != actions.size()) {
            throw invalid("actions has a value twice");
        }
        List<String> locations = strings(entry, "locations", MAX_LOCATIONS);
        locations.forEach(PaymentInitiation::checkLocation);

        JsonNode instructed = required(entry, "instructedAmount");
        if (!instructed.isObject()) {
            throw invalid("instructedAmount must be an object with currency and amount");
        }
        onlyMembers(instructed, AMOUNT_MEMBERS, "instructedAmount.");
        Currency currency = currency(requiredText(instructed, "currency", "instructedAmount.currency"));
        BigDecimal amount = amount(requiredText(instructed, "amount", "instructedAmount.amount"), currency);

        String creditorName = requiredText(entry, "creditorName", "creditorName");
        checkText(creditorName, "creditorName", MAX_NAME);

        JsonNode account = required(entry, "creditorAccount");
        if (!account.isObject()) {
            throw invalid("creditorAccount must be an object with iban");
        }
        onlyMembers(account, ACCOUNT_MEMBERS, "creditorAccount.");
        String iban = requiredText(account, "iban", "creditorAccount.iban");
        checkIban(iban);

        String remittance = null;
        if (entry.has("remittanceInformationUnstructured")) {
            remittance = requiredText(entry, "remittanceInformationUnstructured", "remittanceInformationUnstructured");
            checkText(remittance, "remittanceInformationUnstructured", MAX_REMITTANCE);
        }
        return new PaymentInitiation(actions, locations, amount, currency, creditorName, iban, remittance);
    }

    /** ISO 4217 alphabetic code of a currency with a minor unit (not XXX, XAU and the other codes without one). */
    static Currency currency(String code) {
        if (!CURRENCY.matcher(code).matches()) {
            throw invalid("instructedAmount.currency must be an ISO 4217 code of three capital letters");
        }
        Currency currency;
        try {
            currency = Currency.getInstance(code);
        } catch (IllegalArgumentException e) {
            throw invalid("instructedAmount.currency " + code + " is not an ISO 4217 currency");
        }
        if (currency.getDefaultFractionDigits() < 0) {
            throw invalid("instructedAmount.currency " + code + " is not a currency of payments (ISO 4217 without minor unit)");
        }
        return currency;
    }

    /** A decimal string, greater than zero, with at most the currency's minor-unit digits after the point. */
    static BigDecimal amount(String value, Currency currency) {
        var matcher = AMOUNT.matcher(value);
        if (!matcher.matches()) {
            throw invalid("instructedAmount.amount must be a decimal number as a string, like \"45.00\", with at most "
                    + MAX_INTEGER_DIGITS + " digits before the point");
        }
        String fraction = matcher.group(3);
        int minor = currency.getDefaultFractionDigits();
        if (fraction != null && fraction.length() > minor) {
            throw invalid("instructedAmount.amount has more digits after the point than " + currency.getCurrencyCode()
                    + " has minor units (" + minor + ")");
        }
        BigDecimal amount = new BigDecimal(value);
        if (amount.signum() <= 0) {
            throw invalid("instructedAmount.amount must be greater than zero");
        }
        return amount;
    }

    /** ISO 13616: country, check digits, BBAN; the number formed by moving the first four characters to the end ≡ 1 mod 97. */
    static void checkIban(String iban) {
        if (!IBAN.matcher(iban).matches()) {
            throw invalid("creditorAccount.iban must be an IBAN in electronic format: 15 to 34 capital letters and digits, "
                    + "no spaces");
        }
        String rearranged = iban.substring(4) + iban.substring(0, 4);
        StringBuilder digits = new StringBuilder();
        for (char c : rearranged.toCharArray()) {
            digits.append(Character.isDigit(c) ? String.valueOf(c) : String.valueOf(c - 'A' + 10));
        }
        if (new BigInteger(digits.toString()).mod(BigInteger.valueOf(97)).intValue() != 1) {
            throw invalid("creditorAccount.iban fails the IBAN check digits (ISO 13616 mod 97)");
        }
    }

    private static void checkLocation(String location) {
        URI uri;
        try {
            uri = location.length() > MAX_LOCATION_LENGTH ? null : new URI(location);
        } catch (Exception e) {
            uri = null;
        }
        if (uri == null || !"https".equals(uri.getScheme()) || uri.getHost() == null || uri.getFragment() != null) {
            throw invalid("each location must be an absolute https URI without fragment (RFC 9396 §2.2)");
        }
    }

    private static void checkText(String value, String name, int max) {
        if (value.isBlank() || value.length() > max || !Text.isPrintable(value) || !value.equals(value.strip())) {
            throw invalid(name + " must be 1 to " + max + " printable characters, without line breaks or control "
                    + "characters and without leading or trailing spaces");
        }
    }

    private static void onlyMembers(JsonNode object, Set<String> allowed, String prefix) {
        for (Iterator<String> names = object.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!allowed.contains(name)) {
                String shown = name.length() > 40 || !Text.isPrintable(name) ? "(an unknown member)" : name;
                throw invalid("member " + prefix + shown + " is not allowed in " + TYPE + "; allowed: "
                        + String.join(", ", allowed.stream().sorted().toList()));
            }
        }
    }

    private static List<String> strings(JsonNode entry, String name, int max) {
        JsonNode node = entry.get(name);
        if (node == null) {
            return List.of();
        }
        if (!node.isArray() || node.isEmpty() || node.size() > max) {
            throw invalid(name + " must be an array of 1 to " + max + " strings");
        }
        List<String> values = new ArrayList<>();
        for (JsonNode value : node) {
            if (!value.isTextual()) {
                throw invalid(name + " must be an array of strings");
            }
            values.add(value.asText());
        }
        return values;
    }

    private static JsonNode required(JsonNode entry, String name) {
        JsonNode node = entry.get(name);
        if (node == null || node.isNull()) {
            throw invalid(name + " is required");
        }
        return node;
    }

    private static String requiredText(JsonNode object, String name, String path) {
        JsonNode node = object.get(name);
        if (node == null || node.isNull()) {
            throw invalid(path + " is required");
        }
        if (!node.isTextual()) {
            throw invalid(path + " must be a string");
        }
        return node.asText();
    }

    private static String text(JsonNode object, String name) {
        JsonNode node = object.get(name);
        return node != null && node.isTextual() ? node.asText() : null;
    }

    private static InvalidAuthorizationDetails invalid(String what) {
        return new InvalidAuthorizationDetails(TYPE + ": " + what);
    }
}
