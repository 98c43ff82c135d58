package dev.fapikit.core.registration;

import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.List;
import java.util.Map;

import org.keycloak.jose.jws.JWSInput;
import org.keycloak.jose.jws.JWSInputException;

import com.fasterxml.jackson.core.type.TypeReference;

/**
 * A JWS in compact serialization (RFC 7515 §7.1) whose payload is a JSON object, as a client presented it at
 * registration: a software statement (RFC 7591 §2.3) or a signed registration request. Nothing here checks the
 * signature; the {@code fapi-kit-software-statement} executor does, with the keys the realm trusts.
 *
 * @param jws    header, signing input and signature, as sent
 * @param claims the payload
 */
public record SignedJson(JWSInput jws, Map<String, Object> claims) {

    private static final TypeReference<Map<String, Object>> JSON_OBJECT = new TypeReference<>() {
    };

    /** The JWS in {@code compact}, or {@code null} when it is not one with a JSON object payload and an {@code alg}. */
    static SignedJson read(String compact) {
        if (compact == null || compact.isBlank()) return null;
        try {
            JWSInput jws = new JWSInput(compact.trim());
            Map<String, Object> claims = jws.readJsonContent(JSON_OBJECT);
            if (claims == null || jws.getHeader() == null || jws.getHeader().getRawAlgorithm() == null) return null;
            return new SignedJson(jws, claims);
        } catch (JWSInputException | RuntimeException e) {
            return null;
        }
    }

    /** The {@code alg} header parameter (RFC 7515 §4.1.1), as sent. */
    public String algorithm() {
        return jws.getHeader().getRawAlgorithm();
    }

    /** The {@code kid} header parameter (RFC 7515 §4.1.4), or {@code null}. */
    public String keyId() {
        return jws.getHeader().getKeyId();
    }

    /** What the signature covers (RFC 7515 §5.1 step 8). */
    public byte[] signingInput() {
        return jws.getEncodedSignatureInput().getBytes(StandardCharsets.US_ASCII);
    }

    public byte[] signature() {
        return jws.getSignature();
    }

    /** A string claim, or {@code null} when absent or not a string. */
    public String string(String claim) {
        return claims.get(claim) instanceof String s ? s : null;
    }

    /** A NumericDate claim (RFC 7519 §2) in seconds since the epoch, or {@code null} when absent or not a number. */
    public Long seconds(String claim) {
        return claims.get(claim) instanceof Number n ? n.longValue() : null;
    }

    /** {@code exp} (RFC 7519 §4.1.4). */
    public Long expiresAt() {
        return seconds("exp");
    }

    /** {@code iat} (RFC 7519 §4.1.6). */
    public Long issuedAt() {
        return seconds("iat");
    }

    /**
     * {@code aud} (RFC 7519 §4.1.3): one string or an array of strings; {@code null} when absent, an empty list when it
     * names nothing usable.
     */
    public List<String> audience() {
        Object aud = claims.get("aud");
        if (aud == null) return null;
        if (aud instanceof String one) return List.of(one);
        if (aud instanceof Collection<?> many) return many.stream().filter(String.class::isInstance).map(String.class::cast).toList();
        return List.of();
    }
}
