package dev.fapikit.jarm.introspection;

import java.util.Map;
import java.util.Optional;
import java.util.Set;

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
        return of(attributes, null);
    }

    /**
     * The client's settings; without a registered signing algorithm, the default of the client policy that governs
     * the client ({@code policyDefault}, FAPI 1.0 Part 2 §8.6 / FAPI 2.0 SP §5.4.1: PS256 or ES256), else RFC 9701 §6's.
     */
    static IntrospectionResponseSettings of(Map<String, String> attributes, String policyDefault) {
        return of(attributes, policyDefault, Optional.empty());
    }

    /**
     * As {@link #of(Map, String)}; when neither the client nor its policy names an algorithm and the realm's metadata
     * lists only {@code realmAllowed} (a FAPI realm), RS256 is replaced by the first of those (PS256 first).
     */
    static IntrospectionResponseSettings of(Map<String, String> attributes, String policyDefault,
            Optional<Set<String>> realmAllowed) {
        Optional<String> encryptionAlg = value(attributes, ENCRYPTED_RESPONSE_ALG);
        String fallback = policyDefault == null || policyDefault.isBlank() ? DEFAULT_SIGNING_ALG : policyDefault;
        if (realmAllowed.isPresent() && !realmAllowed.get().isEmpty() && !realmAllowed.get().contains(fallback)) {
            fallback = realmAllowed.get().contains(Algorithm.PS256) ? Algorithm.PS256 : realmAllowed.get().iterator().next();
        }
        return new IntrospectionResponseSettings(value(attributes, SIGNED_RESPONSE_ALG).orElse(fallback),
                encryptionAlg,
                encryptionAlg.map(alg -> value(attributes, ENCRYPTED_RESPONSE_ENC).orElse(DEFAULT_ENC)));
    }

    private static Optional<String> value(Map<String, String> attributes, String name) {
        return Optional.ofNullable(attributes).map(a -> a.get(name)).filter(v -> !v.isBlank());
    }
}
