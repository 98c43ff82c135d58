package dev.fapikit.core.registration;

import org.keycloak.services.clientpolicy.ClientPolicyException;

/**
 * RFC 7591 §3.2.2: a registration refused because of its software statement, with the error code and a description
 * for the client developer. Keycloak's dynamic registration endpoint answers a policy refusal with the exception's
 * message only, so the message carries the description as well.
 */
public final class SoftwareStatementRefusal extends ClientPolicyException {

    /** RFC 7591 §3.2.2: the software statement presented is invalid. */
    public static final String INVALID_SOFTWARE_STATEMENT = "invalid_software_statement";
    /** RFC 7591 §3.2.2: the software statement presented is not approved for use by this authorization server. */
    public static final String UNAPPROVED_SOFTWARE_STATEMENT = "unapproved_software_statement";
    /** RFC 7591 §3.2.2: a client metadata value is invalid (here: it contradicts the statement). */
    public static final String INVALID_CLIENT_METADATA = "invalid_client_metadata";

    private SoftwareStatementRefusal(String error, String detail) {
        super(error, detail);
    }

    /** Not a JWS, a signature that does not verify, an algorithm or a key that is not allowed, expired. */
    public static SoftwareStatementRefusal invalid(String detail) {
        return new SoftwareStatementRefusal(INVALID_SOFTWARE_STATEMENT, detail);
    }

    /** Issued by a directory the realm does not trust, or presented to a realm that approves no statements. */
    public static SoftwareStatementRefusal unapproved(String detail) {
        return new SoftwareStatementRefusal(UNAPPROVED_SOFTWARE_STATEMENT, detail);
    }

    /** Request metadata that contradicts the statement, or no statement where the realm requires one. */
    public static SoftwareStatementRefusal metadata(String detail) {
        return new SoftwareStatementRefusal(INVALID_CLIENT_METADATA, detail);
    }

    @Override
    public String getMessage() {
        return getError() + ": " + getErrorDetail();
    }
}
