package dev.fapikit.mtls.auth;

import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.util.Objects;

/**
 * One key of a client's JWK set (RFC 7517): its public key and, when the JWK carries {@code x5c}, the first
 * certificate of that chain.
 *
 * @param publicKey   the JWK's public key
 * @param certificate the certificate of {@code x5c[0]}, or {@code null} when the JWK has no {@code x5c}
 */
record RegisteredKey(PublicKey publicKey, X509Certificate certificate) {

    RegisteredKey {
        Objects.requireNonNull(publicKey, "publicKey");
    }
}
