package dev.fapikit.core.registration;

import org.keycloak.models.KeycloakSession;

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

    private static final RequestAttribute<SignedRegistrationRequest> ATTACHED =
            new RequestAttribute<>("fapi-kit.signed-registration-request", SignedRegistrationRequest.class);

    private final SignedJson signed;

    private SignedRegistrationRequest(SignedJson signed) {
        this.signed = signed;
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
        SignedJson signed = SignedJson.read(body);
        if (signed == null) {
            throw SoftwareStatementRefusal.metadata("The signed registration request is not a JWS in compact serialization "
                    + "with a JSON object of client metadata as its claims");
        }
        return new SignedRegistrationRequest(signed);
    }

    /** The signed request of this registration, or {@code null} when it was sent as JSON. */
    public static SignedRegistrationRequest of(KeycloakSession session) {
        return ATTACHED.get(session);
    }

    void attach(KeycloakSession session) {
        ATTACHED.set(session, this);
    }

    /**
     * The JWS as sent; its claims are the client metadata and the JWT claims {@code iss}, {@code aud}, {@code iat},
     * {@code exp}, {@code jti}.
     */
    public SignedJson signed() {
        return signed;
    }
}
