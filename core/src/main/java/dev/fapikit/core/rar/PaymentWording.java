package dev.fapikit.core.rar;

import java.text.NumberFormat;
import java.util.Locale;

/**
 * A {@link PaymentInitiation} in words for the user who approves it: the amount formatted for the user's locale (English
 * or German; other locales get English), the creditor's name and the account masked to its last four characters.
 */
public final class PaymentWording {

    private PaymentWording() {
    }

    /** The language used for {@code locale}: German for German, English for everything else. */
    static Locale language(Locale locale) {
        return locale != null && "de".equals(locale.getLanguage()) ? Locale.GERMANY : Locale.UK;
    }

    /** The amount with its currency, e.g. {@code €45.00} (en) or {@code 45,00 €} (de). */
    public static String amount(PaymentInitiation payment, Locale locale) {
        NumberFormat format = NumberFormat.getCurrencyInstance(language(locale));
        format.setCurrency(payment.currency());
        int minor = payment.currency().getDefaultFractionDigits();
        format.setMinimumFractionDigits(minor);
        format.setMaximumFractionDigits(minor);
        return format.format(payment.amount());
    }

    /** The account with all but its last four characters hidden, e.g. {@code …8603}. */
    public static String maskedAccount(PaymentInitiation payment) {
        String iban = payment.creditorIban();
        return "\u2026" + iban.substring(Math.max(0, iban.length() - 4));
    }

    /** One sentence, e.g. "Pay €45.00 to Merchant123, account …8603" / "45,00 € an Merchant123 zahlen, Konto …8603". */
    public static String sentence(PaymentInitiation payment, Locale locale) {
        String amount = amount(payment, locale);
        String account = maskedAccount(payment);
        if (language(locale).getLanguage().equals("de")) {
            return amount + " an " + payment.creditorName() + " zahlen, Konto " + account;
        }
        return "Pay " + amount + " to " + payment.creditorName() + ", account " + account;
    }
}
