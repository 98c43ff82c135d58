package dev.fapikit.policies;

import java.util.ArrayList;
import java.util.List;

import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;

import org.keycloak.OAuth2Constants;
import org.keycloak.OAuthErrorException;
import org.keycloak.jose.jwe.JWE;
import org.keycloak.jose.jws.JWSInput;
import org.keycloak.jose.jws.JWSInputException;
import org.keycloak.models.KeycloakSession;
import org.keycloak.protocol.oidc.OIDCLoginProtocol;
import org.keycloak.protocol.oidc.endpoints.request.AuthzEndpointRequestParser;
import org.keycloak.protocol.oidc.grants.ciba.clientpolicy.context.BackchannelAuthenticationRequestContext;
import org.keycloak.protocol.oidc.par.clientpolicy.context.PushedAuthorizationRequestContext;
import org.keycloak.services.clientpolicy.ClientPolicyContext;
import org.keycloak.services.clientpolicy.ClientPolicyException;
import org.keycloak.services.clientpolicy.context.AuthorizationRequestContext;

/**
 * A signed JWT a client presents with a request, which Keycloak has already verified: its client assertion
 * (RFC 7523 §2.2), request object (RFC 9101 §4, also pushed per RFC 9126) or signed CIBA authentication request
 * (CIBA Core §7.1.1).
 *
 * @param kind what the JWT is, which decides the OAuth error a refusal names
 * @param jws  the JWS (for an encrypted request object: the signed JWT nested inside)
 */
public record PresentedJwt(Kind kind, JWSInput jws) {

    /** What a presented JWT is used for. */
    public enum Kind {
        /** RFC 7523 §3: refused with {@code invalid_client}. */
        CLIENT_ASSERTION(OAuthErrorException.INVALID_CLIENT, Response.Status.UNAUTHORIZED, "client assertion"),
        /** RFC 9101 §6.3: refused with {@code invalid_request_object}. */
        REQUEST_OBJECT(OAuthErrorException.INVALID_REQUEST_OBJECT, Response.Status.BAD_REQUEST, "request object"),
        /** CIBA Core §13: the signed authentication request is refused with {@code invalid_request}. */
        CIBA_REQUEST(OAuthErrorException.INVALID_REQUEST, Response.Status.BAD_REQUEST, "signed authentication request"),
        /** RFC 9449 §5 (token endpoint) and RFC 9126 / RFC 9449 §10.1 (PAR): refused with 400 {@code invalid_dpop_proof}. */
        DPOP_PROOF(INVALID_DPOP_PROOF, Response.Status.BAD_REQUEST, "DPoP proof"),
        /**
         * RFC 9449 §7.1 / RFC 6750 §3.1: a protected resource (userinfo) refuses the request with 401; Keycloak's
         * userinfo endpoint answers only RFC 6750 error codes, so {@code invalid_token}, the proof named in the text.
         */
        DPOP_PROOF_AT_RESOURCE(OAuthErrorException.INVALID_TOKEN, Response.Status.UNAUTHORIZED, "DPoP proof");

        private final String error;
        private final Response.Status status;
        private final String label;

        Kind(String error, Response.Status status, String label) {
            this.error = error;
            this.status = status;
            this.label = label;
        }

        /** @return the exception that refuses a JWT of this kind, {@code detail} following its label */
        public ClientPolicyException refusal(String detail) {
            return new ClientPolicyException(error, label + " " + detail, status);
        }

        public String label() {
            return label;
        }

        /** RFC 9449 §4.2: a DPoP proof is signed with the key in its own {@code jwk} header, not a client key. */
        public boolean isDpopProof() {
            return this == DPOP_PROOF || this == DPOP_PROOF_AT_RESOURCE;
        }
    }

    /** RFC 9449 §12.2: the DPoP error code. */
    static final String INVALID_DPOP_PROOF = "invalid_dpop_proof";
    /** RFC 9449 §4.1: the request header that carries the proof. */
    static final String DPOP_HEADER = "DPoP";

    /** PAR {@code request_uri} values (RFC 9126 §2.2): their request object was checked when it was pushed. */
    private static final String PAR_REQUEST_URI_PREFIX = "urn:ietf:params:oauth:request_uri:";

    /**
     * The JWTs presented with the request behind {@code context}. A request object fetched by Keycloak from a
     * client's remote {@code request_uri} is not included: its raw form is not kept by Keycloak.
     */
    public static List<PresentedJwt> of(KeycloakSession session, ClientPolicyContext context) throws ClientPolicyException {
        List<PresentedJwt> jwts = new ArrayList<>();
        switch (context.getEvent()) {
            case AUTHORIZATION_REQUEST -> {
                MultivaluedMap<String, String> params = ((AuthorizationRequestContext) context).getRequestParameters();
                addRequestObject(session, jwts, params.getFirst(OIDCLoginProtocol.REQUEST_PARAM));
            }
            case PUSHED_AUTHORIZATION_REQUEST -> {
                MultivaluedMap<String, String> params = ((PushedAuthorizationRequestContext) context).getRequestParameters();
                add(jwts, Kind.CLIENT_ASSERTION, params.getFirst(OAuth2Constants.CLIENT_ASSERTION));
                addRequestObject(session, jwts, params.getFirst(OIDCLoginProtocol.REQUEST_PARAM));
                add(jwts, Kind.DPOP_PROOF, dpopHeader(session));
            }
            case BACKCHANNEL_AUTHENTICATION_REQUEST -> {
                MultivaluedMap<String, String> params = ((BackchannelAuthenticationRequestContext) context).getRequestParameters();
                add(jwts, Kind.CLIENT_ASSERTION, params.getFirst(OAuth2Constants.CLIENT_ASSERTION));
                add(jwts, Kind.CIBA_REQUEST, params.getFirst(OIDCLoginProtocol.REQUEST_PARAM));
            }
            case TOKEN_REQUEST, SERVICE_ACCOUNT_TOKEN_REQUEST, TOKEN_REFRESH, TOKEN_REVOKE, TOKEN_INTROSPECT,
                 BACKCHANNEL_TOKEN_REQUEST, DEVICE_TOKEN_REQUEST, TOKEN_EXCHANGE_REQUEST -> {
                add(jwts, Kind.CLIENT_ASSERTION, session.getContext().getHttpRequest().getDecodedFormParameters()
                        .getFirst(OAuth2Constants.CLIENT_ASSERTION));
                add(jwts, Kind.DPOP_PROOF, dpopHeader(session));
            }
            // FAPI 2.0 Security Profile §5.4.1: the proofs a client signs for a resource use the allowed algorithms too
            case USERINFO_REQUEST -> add(jwts, Kind.DPOP_PROOF_AT_RESOURCE, dpopHeader(session));
            default -> {
            }
        }
        return jwts;
    }

    private static String dpopHeader(KeycloakSession session) {
        return session.getContext().getRequestHeaders() == null ? null
                : session.getContext().getRequestHeaders().getHeaderString(DPOP_HEADER);
    }

    /** Whether an authorization request refers to a pushed authorization request (RFC 9126 §4). */
    public static boolean isPushedRequestUri(String requestUri) {
        return requestUri != null && requestUri.toLowerCase().startsWith(PAR_REQUEST_URI_PREFIX);
    }

    private static void addRequestObject(KeycloakSession session, List<PresentedJwt> jwts, String requestObject)
            throws ClientPolicyException {
        // RFC 9101 §6.1: a nested JWT (JWE carrying the JWS); Keycloak keeps the decrypted JWE in the session.
        if (requestObject != null && requestObject.chars().filter(c -> c == '.').count() == 4) {
            JWE jwe = session.getAttribute(AuthzEndpointRequestParser.AUTHZ_REQUEST_OBJECT_ENCRYPTED, JWE.class);
            requestObject = jwe == null ? null : new String(jwe.getContent(), java.nio.charset.StandardCharsets.UTF_8);
        }
        add(jwts, Kind.REQUEST_OBJECT, requestObject);
    }

    private static void add(List<PresentedJwt> jwts, Kind kind, String jwt) throws ClientPolicyException {
        if (jwt == null) {
            return;
        }
        try {
            jwts.add(new PresentedJwt(kind, new JWSInput(jwt)));
        } catch (JWSInputException e) {
            throw kind.refusal("is not a well-formed JWS");
        }
    }

    /** @return the {@code alg} header value exactly as sent */
    public String algorithm() {
        return jws.getHeader().getRawAlgorithm();
    }
}
