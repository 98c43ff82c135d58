package dev.fapikit.policies.statement;

import java.util.List;

import org.keycloak.crypto.KeyWrapper;

import dev.fapikit.core.registration.SignedJson;
import dev.fapikit.core.registration.SignedRegistrationRequest;
import dev.fapikit.core.registration.SoftwareStatement;
import dev.fapikit.core.registration.SoftwareStatementRefusal;

/**
 * Checks a signed registration request (issue 21 §1): an allowed JWS algorithm, a signature by one of the keys the
 * software statement it carries names for the software, and its lifetime. The statement itself is verified first.
 */
final class RequestVerifier {

    /** The keys a verified statement names for its software ({@code jwks} or {@code jwks_uri}). */
    interface StatementKeys {
        List<KeyWrapper> keys(SoftwareStatement statement) throws SoftwareStatementRefusal;
    }

    private final List<String> allowedAlgorithms;
    private final StatementKeys keys;
    private final StatementVerifier.SignatureCheck signatures;

    RequestVerifier(List<String> allowedAlgorithms, StatementKeys keys, StatementVerifier.SignatureCheck signatures) {
        this.allowedAlgorithms = allowedAlgorithms;
        this.keys = keys;
        this.signatures = signatures;
    }

    /**
     * @param issuer the realm's issuer identifier, which an {@code aud} claim must name
     * @param now    seconds since the epoch
     * @throws SoftwareStatementRefusal {@code invalid_client_metadata} (RFC 7591 §3.2.2: the request's metadata are not
     *                                  shown to come from the software the statement describes), or
     *                                  {@code invalid_software_statement} when the statement names no usable keys
     */
    void verify(SignedRegistrationRequest request, SoftwareStatement statement, String issuer, long now)
            throws SoftwareStatementRefusal {
        SignedJson jws = request.signed();
        String algorithm = jws.algorithm();
        if (!allowedAlgorithms.contains(algorithm) || "none".equalsIgnoreCase(algorithm)) {
            throw SoftwareStatementRefusal.metadata("The registration request is signed with '" + algorithm + "'; this "
                    + "realm accepts requests signed with " + String.join(", ", allowedAlgorithms));
        }
        List<KeyWrapper> named = keys.keys(statement);
        if (named.isEmpty()) {
            throw SoftwareStatementRefusal.invalid("software_statement names no signing keys (jwks or jwks_uri) to verify "
                    + "the signed registration request with");
        }
        if (!StatementVerifier.signedByOneOf(signatures, jws, named)) {
            throw SoftwareStatementRefusal.metadata("The registration request's signature does not verify with any key of "
                    + "the software statement's jwks or jwks_uri" + (jws.keyId() == null ? "" : " (kid '" + jws.keyId() + "')"));
        }
        // RFC 7519 §4.1.3: when aud is present, the server processing the JWT must be named in it
        List<String> audience = jws.audience();
        if (audience != null && !audience.contains(issuer)) {
            throw SoftwareStatementRefusal.metadata("The signed registration request is addressed to " + audience
                    + ", not to this server's issuer " + issuer);
        }
        Long expiresAt = jws.expiresAt();
        if (expiresAt != null && now > expiresAt + StatementVerifier.CLOCK_SKEW_SECONDS) {
            throw SoftwareStatementRefusal.metadata("The signed registration request has expired (exp " + expiresAt + ")");
        }
    }
}
