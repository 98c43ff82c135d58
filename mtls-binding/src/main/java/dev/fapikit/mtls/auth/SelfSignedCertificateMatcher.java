package dev.fapikit.mtls.auth;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PublicKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.util.Collection;

/**
 * RFC 8705 §2.2: a self-signed certificate authenticates a client when it matches a key of the client's registered JWK
 * set. It matches a JWK when its public key is the JWK's key and, where the JWK carries {@code x5c}, it is that very
 * certificate (equal {@code x5t#S256}, RFC 8705 §3.1).
 */
final class SelfSignedCertificateMatcher {

    private SelfSignedCertificateMatcher() {
    }

    static boolean matchesAny(X509Certificate presented, Collection<RegisteredKey> registered) {
        return registered.stream().anyMatch(key -> matches(presented, key));
    }

    static boolean matches(X509Certificate presented, RegisteredKey key) {
        if (!sameKey(presented.getPublicKey(), key.publicKey())) {
            return false;
        }
        return key.certificate() == null || MessageDigest.isEqual(sha256(presented), sha256(key.certificate()));
    }

    /** Compares key material, not encodings: JWK parsing and certificate parsing may encode the same key differently. */
    static boolean sameKey(PublicKey a, PublicKey b) {
        if (a instanceof RSAPublicKey ra && b instanceof RSAPublicKey rb) {
            return ra.getModulus().equals(rb.getModulus()) && ra.getPublicExponent().equals(rb.getPublicExponent());
        }
        if (a instanceof ECPublicKey ea && b instanceof ECPublicKey eb) {
            return ea.getW().equals(eb.getW()) && ea.getParams().getCurve().equals(eb.getParams().getCurve())
                    && ea.getParams().getGenerator().equals(eb.getParams().getGenerator());
        }
        return MessageDigest.isEqual(a.getEncoded(), b.getEncoded());
    }

    private static byte[] sha256(X509Certificate certificate) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(certificate.getEncoded());
        } catch (CertificateEncodingException | NoSuchAlgorithmException e) {
            throw new IllegalStateException("Cannot compute the x5t#S256 of a certificate", e);
        }
    }
}
