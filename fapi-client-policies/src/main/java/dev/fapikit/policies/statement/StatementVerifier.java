package dev.fapikit.policies.statement;

import java.util.List;
import java.util.Objects;

import org.keycloak.crypto.Algorithm;
import org.keycloak.crypto.KeyType;
import org.keycloak.crypto.KeyWrapper;

import dev.fapikit.core.registration.SignedJson;
import dev.fapikit.core.registration.SoftwareStatement;
import dev.fapikit.core.registration.SoftwareStatementRefusal;

/**
 * Checks a software statement (RFC 7591 §2.3) against a realm's trusted directories: an allowed JWS algorithm, an
 * issuer the realm trusts, a signature by one of that directory's keys, and its lifetime.
 */
final class StatementVerifier {

    /** Leeway for clocks of directory and server: {@code exp} and {@code iat} are compared with this much slack. */
    static final long CLOCK_SKEW_SECONDS = 60;

    /** The keys a directory publishes that may have signed with {@code algorithm} under {@code keyId}. */
    interface KeySource {
        List<KeyWrapper> keys(TrustedDirectory directory, String keyId);
    }

    /** Whether {@code signature} over {@code input} verifies with {@code key} under {@code algorithm}. */
    interface SignatureCheck {
        boolean verifies(String algorithm, KeyWrapper key, byte[] input, byte[] signature);
    }

    private final List<TrustedDirectory> directories;
    private final List<String> allowedAlgorithms;
    private final KeySource keys;
    private final SignatureCheck signatures;

    StatementVerifier(List<TrustedDirectory> directories, List<String> allowedAlgorithms, KeySource keys, SignatureCheck signatures) {
        this.directories = directories;
        this.allowedAlgorithms = allowedAlgorithms;
        this.keys = keys;
        this.signatures = signatures;
    }

    /**
     * @param now seconds since the epoch
     * @return the directory that issued the statement
     * @throws SoftwareStatementRefusal {@code invalid_software_statement} (algorithm, key, signature, lifetime) or
     *                                  {@code unapproved_software_statement} (issuer not trusted)
     */
    TrustedDirectory verify(SoftwareStatement statement, long now) throws SoftwareStatementRefusal {
        SignedJson jws = statement.signed();
        String algorithm = jws.algorithm();
        if (!allowedAlgorithms.contains(algorithm) || "none".equalsIgnoreCase(algorithm)) {
            throw SoftwareStatementRefusal.invalid("software_statement is signed with '" + algorithm + "'; this realm "
                    + "accepts statements signed with " + String.join(", ", allowedAlgorithms));
        }
        String issuer = statement.issuer();
        if (issuer == null) {
            throw SoftwareStatementRefusal.invalid("software_statement has no iss claim naming the directory that issued it");
        }
        TrustedDirectory directory = directories.stream().filter(d -> d.issuer().equals(issuer)).findFirst()
                .orElseThrow(() -> SoftwareStatementRefusal.unapproved("software_statement is issued by '" + issuer
                        + "', which is not a directory this realm trusts"));
        if (!signedByOneOf(signatures, jws, keys.keys(directory, jws.keyId()))) {
            throw SoftwareStatementRefusal.invalid("software_statement signature does not verify with any key of directory '"
                    + issuer + "'" + (jws.keyId() == null ? "" : " (kid '" + jws.keyId() + "')"));
        }
        Long expiresAt = jws.expiresAt();
        if (expiresAt != null && now > expiresAt + CLOCK_SKEW_SECONDS) {
            throw SoftwareStatementRefusal.invalid("software_statement has expired (exp " + expiresAt + ")");
        }
        Long issuedAt = jws.issuedAt();
        if (issuedAt != null && issuedAt > now + CLOCK_SKEW_SECONDS) {
            throw SoftwareStatementRefusal.invalid("software_statement is issued in the future (iat " + issuedAt + ")");
        }
        return directory;
    }

    /**
     * RFC 7515 §5.2: whether one of {@code keys} that fits the JWS's {@code alg} and {@code kid} verifies its signature,
     * with Keycloak's signature provider for that algorithm.
     */
    static boolean signedByOneOf(SignatureCheck signatures, SignedJson jws, List<KeyWrapper> keys) {
        String algorithm = jws.algorithm();
        byte[] input = jws.signingInput();
        byte[] signature = jws.signature();
        return keys.stream()
                .filter(key -> fits(key, algorithm, jws.keyId()))
                .map(key -> withAlgorithm(key, algorithm))
                .anyMatch(key -> signatures.verifies(algorithm, key, input, signature));
    }

    /** RFC 7515 §4.1.4 / RFC 7518 §3: a key of the header's kid, of the algorithm's key type and curve. */
    private static boolean fits(KeyWrapper key, String algorithm, String keyId) {
        if (keyId != null && key.getKid() != null && !keyId.equals(key.getKid())) return false;
        if (key.getAlgorithm() != null && !key.getAlgorithm().equals(algorithm)) return false;
        if (key.getPublicKey() == null) return false;
        return switch (algorithm) {
            case Algorithm.PS256, Algorithm.PS384, Algorithm.PS512, Algorithm.RS256, Algorithm.RS384, Algorithm.RS512 ->
                    KeyType.RSA.equals(key.getType());
            case Algorithm.ES256 -> KeyType.EC.equals(key.getType()) && curve(key, "P-256");
            case Algorithm.ES384 -> KeyType.EC.equals(key.getType()) && curve(key, "P-384");
            case Algorithm.ES512 -> KeyType.EC.equals(key.getType()) && curve(key, "P-521");
            case Algorithm.EdDSA -> KeyType.OKP.equals(key.getType());
            default -> false;
        };
    }

    private static boolean curve(KeyWrapper key, String curve) {
        return key.getCurve() == null || Objects.equals(key.getCurve(), curve);
    }

    /** Keycloak's verifiers use the key's algorithm; a JWK without {@code alg} gets the header's (copy: keys are cached). */
    private static KeyWrapper withAlgorithm(KeyWrapper key, String algorithm) {
        KeyWrapper copy = key.cloneKey();
        copy.setAlgorithm(algorithm);
        return copy;
    }
}
