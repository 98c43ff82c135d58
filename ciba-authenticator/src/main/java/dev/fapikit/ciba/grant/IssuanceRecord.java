package dev.fapikit.ciba.grant;

import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

import dev.fapikit.ciba.events.Refusal;

/**
 * What the server itself recorded about an approved CIBA request, and the check the CIBA grant makes before it issues
 * tokens (CIBA Core 1.0 §10.1, §11). The {@code auth_req_id} is the server's own encrypted JWT, but the tokens are
 * issued for the user it names only when that user is the one who approved, for the client and scope the request was
 * stored with: no value a client sent (a parameter named like a claim, a request-object member) can decide whose tokens
 * are issued.
 *
 * <p>The record lives in Keycloak's device-code record, as its additional parameters: the backchannel endpoint stores
 * the user it resolved from the hint with the request, FAPI Kit's authentication device adds who approved and the
 * consent they had through Keycloak's own {@code approveUserCode} (merged atomically with the decision); the grant
 * compares. Nothing a client sends is written there.
 */
public final class IssuanceRecord {

    /** The id of the user the server resolved from the request's hint (CIBA Core §7.1). */
    public static final String RESOLVED_USER = "fapi_kit_user";
    /** The id of the user who approved the request (the one the server resolved from the hint; nobody else may decide). */
    public static final String APPROVED_BY = "fapi_kit_approved_by";
    /** When the user had a consent for the client at approval: its creation time; else {@value #NO_CONSENT}. */
    public static final String CONSENT_AT_APPROVAL = "fapi_kit_consent_at_approval";
    static final String NO_CONSENT = "none";

    private IssuanceRecord() {
    }

    /** The parameters the backchannel endpoint stores with the request. */
    public static Map<String, String> atRequest(String resolvedUserId) {
        Map<String, String> record = new HashMap<>();
        record.put(RESOLVED_USER, resolvedUserId);
        return record;
    }

    /** The parameters an approval stores with the decision. {@code consentCreated} is null when the user had no consent. */
    public static Map<String, String> atApproval(String approverId, Long consentCreated) {
        Map<String, String> record = new HashMap<>();
        record.put(APPROVED_BY, approverId);
        record.put(CONSENT_AT_APPROVAL, consentCreated == null ? NO_CONSENT : Long.toString(consentCreated));
        return record;
    }

    /**
     * Checks an approved request before tokens are issued: null when it may be served, else the refusal.
     *
     * @param subject          the {@code sub} of the {@code auth_req_id}
     * @param issuedFor        its {@code azp}
     * @param scope            its {@code scope}
     * @param clientId         the authenticated client
     * @param storedScope      the scope of the device-code record, stored from the server's values at the request
     * @param approval         the device-code record's additional parameters (what the approval recorded)
     * @param consentCreatedNow the creation time of the user's consent for the client now, null when there is none
     */
    public static Refusal check(String subject, String issuedFor, String scope, String clientId, String storedScope,
                                Map<String, String> approval, Long consentCreatedNow) {
        String resolved = approval == null ? null : approval.get(RESOLVED_USER);
        if (resolved == null) {
            return new Refusal("invalid_grant", "Invalid auth_req_id", "the stored request names no resolved user");
        }
        if (subject == null || !subject.equals(resolved)) {
            return new Refusal("invalid_grant", "Invalid auth_req_id",
                    "the auth_req_id names user " + subject + " but the request was made for user " + resolved);
        }
        String approver = approval.get(APPROVED_BY);
        if (approver != null && !approver.equals(resolved)) {
            return new Refusal("invalid_grant", "Invalid auth_req_id",
                    "user " + approver + " approved a request made for user " + resolved);
        }
        if (issuedFor != null && !issuedFor.equals(clientId)) {
            return new Refusal("invalid_grant", "Invalid auth_req_id", "the auth_req_id was issued to client " + issuedFor);
        }
        if (!Objects.equals(scope, storedScope)) {
            return new Refusal("invalid_grant", "Invalid auth_req_id", "the auth_req_id's scope differs from the stored request's");
        }
        // CIBA Core §11 access_denied: the consent the user had when approving was withdrawn (or replaced) since.
        String consentAtApproval = approval.get(CONSENT_AT_APPROVAL);
        if (consentAtApproval != null && !NO_CONSENT.equals(consentAtApproval)
                && (consentCreatedNow == null || !consentAtApproval.equals(Long.toString(consentCreatedNow)))) {
            return new Refusal("access_denied", "The user withdrew the consent for this client after approving the request",
                    "consent created at " + consentAtApproval + " is gone");
        }
        return null;
    }
}
