package dev.fapikit.jarm.introspection;

import java.util.Map;
import java.util.Optional;

import org.keycloak.crypto.Algorithm;
import org.keycloak.jose.jwe.JWEConstants;

/** A client's RFC 9701 §6 metadata, held as client attributes (Keycloak's naming of client metadata). */
public record IntrospectionResponseSettings(String signingAlg, Optional<String> encryptionAlg, Optional<String> encryptionEnc) {

    /** RFC 9701 §6 {@code introspection_signed_response_alg}. */
    public static final String SIGNED_RESPONSE_ALG = "introspection.signed.response.alg";
    /** RFC 9701 §6 {@code introspection_encrypted_response_alg}. */
    public static final String ENCRYPTED_RESPONSE_ALG = "introspection.encrypted.response.alg";
    /** RFC 9701 §6 {@code introspection_encrypted_response_enc}. */
    public static final String ENCRYPTED_RESPONSE_ENC = "introspection.encrypted.response.enc";

    /** RFC 9701 §6: "The default, if omitted, is RS256." */
    static final String DEFAULT_SIGNING_ALG = Algorithm.RS256;
    /** RFC 9701 §6: with an encryption alg, "the default for this value is A128CBC-HS256". */
    static final String DEFAULT_ENC = JWEConstants.A128CBC_HS256;

    static IntrospectionResponseSettings of(Map<String, String> attributes) {
        Optional<String> encryptionAlg = value(attributes, ENCRYPTED_RESPONSE_ALG);
        return new IntrospectionResponseSettings(value(attributes, SIGNED_RESPONSE_ALG).orElse(DEFAULT_SIGNING_ALG),
                encryptionAlg,
                encryptionAlg.map(alg -> value(attributes, ENCRYPTED_RESPONSE_ENC).orElse(DEFAULT_ENC)));
    }

    private static Optional<String> value(Map<String, String> attributes, String name) {
        return Optional.ofNullable(attributes).map(a -> a.get(name)).filter(v -> !v.isBlank());
    }
}
