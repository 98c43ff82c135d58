package dev.fapikit.jarm.executor;

import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.keycloak.protocol.oidc.OIDCConfigAttributes;

/** A client's JARM encryption metadata (JARM §3), as Keycloak client attributes. */
final class JarmEncryptionMetadata {

    static final String ALG = OIDCConfigAttributes.AUTHORIZATION_ENCRYPTED_RESPONSE_ALG;
    static final String ENC = OIDCConfigAttributes.AUTHORIZATION_ENCRYPTED_RESPONSE_ENC;

    private JarmEncryptionMetadata() {
    }

    /** The value, with blank meaning absent as in Keycloak's token manager. */
    static Optional<String> get(Map<String, String> attributes, String name) {
        return Optional.ofNullable(attributes).map(a -> a.get(name)).filter(v -> !v.isBlank());
    }

    /** JARM §3: {@code enc} is only meaningful with an {@code alg}. */
    static boolean encWithoutAlg(Map<String, String> attributes) {
        return get(attributes, ENC).isPresent() && get(attributes, ALG).isEmpty();
    }

    /** JARM §3: with an {@code alg} and no {@code enc}, the default {@code enc} applies, which Keycloak does not know. */
    static boolean lacksDefaultEnc(Map<String, String> attributes) {
        return get(attributes, ALG).isPresent() && get(attributes, ENC).isEmpty();
    }

    /** The first problem with the metadata, given the algorithms the server supports, or empty when consistent. */
    static Optional<String> problem(Map<String, String> attributes, Set<String> supportedAlgs, Set<String> supportedEncs) {
        if (encWithoutAlg(attributes)) {
            return Optional.of("authorization_encrypted_response_enc is set without authorization_encrypted_response_alg");
        }
        Optional<String> alg = get(attributes, ALG);
        if (alg.isPresent() && !supportedAlgs.contains(alg.get())) {
            return Optional.of("unsupported authorization_encrypted_response_alg " + alg.get() + "; supported: " + supportedAlgs);
        }
        Optional<String> enc = get(attributes, ENC);
        if (enc.isPresent() && !supportedEncs.contains(enc.get())) {
            return Optional.of("unsupported authorization_encrypted_response_enc " + enc.get() + "; supported: " + supportedEncs);
        }
        if (lacksDefaultEnc(attributes)) {
            return Optional.of("authorization_encrypted_response_alg is set without authorization_encrypted_response_enc");
        }
        return Optional.empty();
    }
}
