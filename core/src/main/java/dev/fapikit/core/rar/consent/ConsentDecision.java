package dev.fapikit.core.rar.consent;

import dev.fapikit.core.rar.ApprovedDetails;

/**
 * The user's answer on the consent page, read from the posted form. The form carries the fingerprint of the details it
 * showed; an approval counts only when that fingerprint is the one of the details the authorization request carries now,
 * so a replayed, stale or forged form cannot approve other details.
 */
enum ConsentDecision {

    /** The user approved the details the page showed, and they are the request's. */
    APPROVED,

    /** The user denied (whatever the fingerprint: a denial is always honoured). */
    DENIED,

    /** An approval for other details than the request's, or without a fingerprint: shown again, not approved. */
    STALE,

    /** Neither button: shown again. */
    NONE;

    /** Form field with the fingerprint of the details the page showed. */
    static final String FINGERPRINT_FIELD = "fingerprint";

    /** Name of the approve button. */
    static final String APPROVE_FIELD = "approve";

    /** Name of the deny button. */
    static final String DENY_FIELD = "deny";

    /**
     * @param approve     the approve button's value, null when not pressed
     * @param deny        the deny button's value, null when not pressed
     * @param fingerprint the posted fingerprint
     * @param details     the request's {@code authorization_details} string (the auth session's client note)
     */
    static ConsentDecision of(String approve, String deny, String fingerprint, String details) {
        if (deny != null) {
            return DENIED;
        }
        if (approve == null) {
            return NONE;
        }
        return ApprovedDetails.matches(fingerprint, details) ? APPROVED : STALE;
    }
}
