package dev.fapikit.core.registration;

import java.util.Collection;
import java.util.List;
import java.util.Map;

import org.keycloak.jose.jws.JWSInput;
import org.keycloak.jose.jws.JWSInputException;
import org.keycloak.models.KeycloakSession;

import com.fasterxml.jackson.core.type.TypeReference;

/**
 * A dynamic registration request sent as a signed JWT ({@code Content-Type: application/jwt}) whose claims are the
 * client metadata, signed with a key of the software statement it carries (the UK Open Banking DCR profile's form of
 * RFC 7591 §3.1; RFC 7591 §2.3 lets the statement name the client's keys). The registration endpoint parses it and
 * keeps it for this request (a session attribute); the {@code fapi-kit-software-statement} executor verifies its
 * signature with the statement's keys once it verified the statement, or refuses a plain JSON request when its
 * {@code require-signed-request} option is on. Nothing here checks the signature.
 */
public final class SignedRegistrationRequest {

    /** The media type of a signed registration request. */
    public static final String MEDIA_TYPE = "application/jwt";

    private static final String SESSION_ATTRIBUTE = "fapi-kit.signed-registration-request";
    private static final TypeReference<Map<String, Object>> JSON_OBJECT = new TypeReference<>() {
    };

    private final JWSInput jws;
    private final Map<String, Object> claims;

    private SignedRegistrationRequest(JWSInput jws, Map<String, Object> claims) {
        this.jws = jws;
        this.claims = claims;
    }

    /**
     * Reads a request body as a JWS in compact serialization whose payload is a JSON object.
     *
     * @throws SoftwareStatementRefusal {@code invalid_client_metadata} for anything else (RFC 7591 §3.2.2)
     */
    public static SignedRegistrationRequest parse(String body) throws SoftwareStatementRefusal {
        if (body == null || body.isBlank()) {
            throw SoftwareStatementRefusal.metadata("The signed registration request is empty; send a JWS (RFC 7515 compact "
                    + "serialization) whose claims are the client metadata");
        }
        try {
            JWSInput jws = new JWSInput(body.trim());
            Map<String, Object> claims = jws.readJsonContent(JSON_OBJECT);
            if (claims == null || jws.getHeader() == null || jws.getHeader().getRawAlgorithm() == null) {
                throw new JWSInputException("no JSON object payload");
            }
            return new SignedRegistrationRequest(jws, claims);
        } catch (JWSInputException | RuntimeException e) {
            throw SoftwareStatementRefusal.metadata("The signed registration request is not a JWS in compact serialization "
                    + "with a JSON object of client metadata as its claims");
        }
    }

    /** The signed request of this registration, or {@code null} when it was sent as JSON. */
    public static SignedRegistrationRequest of(KeycloakSession session) {
        Object attached = session.getAttribute(SESSION_ATTRIBUTE);
        return attached instanceof SignedRegistrationRequest request ? request : null;
    }

    void attach(KeycloakSession session) {
        session.setAttribute(SESSION_ATTRIBUTE, this);
    }

    /** The JWS as sent: header, signing input and signature. */
    public JWSInput jws() {
        return jws;
    }

    public String algorithm() {
        return jws.getHeader().getRawAlgorithm();
    }

    public String keyId() {
        return jws.getHeader().getKeyId();
    }

    /** The claims: client metadata, and the JWT claims {@code iss}, {@code aud}, {@code iat}, {@code exp}, {@code jti}. */
    public Map<String, Object> claims() {
        return claims;
    }

    /**
     * RFC 7519 §4.1.3 {@code aud}: one string or an array of strings; {@code null} when absent, an empty list when it
     * names nothing usable.
     */
    public List<String> audience() {
        Object aud = claims.get("aud");
        if (aud == null) return null;
        if (aud instanceof String one) return List.of(one);
        if (aud instanceof Collection<?> many) return many.stream().filter(String.class::isInstance).map(String.class::cast).toList();
        return List.of();
    }

    /** Seconds since the epoch, or {@code null} when absent or not a number. */
    public Long expiresAt() {
        return claims.get("exp") instanceof Number n ? n.longValue() : null;
    }
}
