package dev.fapikit.jarm.introspection;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.Key;

import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;

import dev.fapikit.core.metadata.SigningAlgorithms;
import org.keycloak.OAuthErrorException;
import org.keycloak.common.util.Time;
import org.keycloak.crypto.CekManagementProvider;
import org.keycloak.crypto.ContentEncryptionProvider;
import org.keycloak.crypto.KeyWrapper;
import org.keycloak.crypto.SignatureProvider;
import org.keycloak.events.Details;
import org.keycloak.events.Errors;
import org.keycloak.events.EventBuilder;
import org.keycloak.jose.jwe.JWEException;
import org.keycloak.jose.jwk.JWK;
import org.keycloak.jose.jws.JWSBuilder;
import org.keycloak.keys.loader.PublicKeyStorageManager;
import org.keycloak.models.ClientModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.services.ErrorResponseException;
import org.keycloak.services.Urls;
import org.keycloak.util.JsonSerialization;
import org.keycloak.util.TokenUtil;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** Turns Keycloak's RFC 7662 introspection response into the RFC 9701 JWT response when the client asks for it. */
final class JwtIntrospectionResponder {

    static final String TYP = "token-introspection+jwt";

    private final KeycloakSession session;

    JwtIntrospectionResponder(KeycloakSession session) {
        this.session = session;
    }

    /**
     * The response as the client asked for it. A client whose RFC 9701 metadata this server cannot honour (an
     * unsupported algorithm, no encryption key) gets {@code invalid_request}: sending the JSON instead would hand
     * it the response unsigned, or unencrypted, where it asked otherwise.
     */
    Response respond(Response introspection, EventBuilder event) {
        HttpHeaders headers = session.getContext().getRequestHeaders();
        if (IntrospectionResponseFormat.negotiate(headers.getAcceptableMediaTypes()) != IntrospectionResponseFormat.JWT
                || introspection.getStatus() != Response.Status.OK.getStatusCode()) {
            return introspection;
        }
        ClientModel client = session.getContext().getClient();
        RealmModel realm = session.getContext().getRealm();
        IntrospectionResponseSettings settings = IntrospectionResponseSettings.of(client.getAttributes(),
                (String) session.getAttribute(SigningAlgorithms.INTROSPECTION_DEFAULT_ALG_ATTRIBUTE),
                SigningAlgorithms.allowed(session, realm));
        ObjectNode claims = claims(Urls.realmIssuer(session.getContext().getUri().getBaseUri(), realm.getName()),
                client.getClientId(), Time.currentTime(), readJson(introspection.getEntity()));
        String jwt;
        try {
            jwt = sign(settings.signingAlg(), claims);
            if (settings.encryptionAlg().isPresent()) {
                jwt = encrypt(client, settings.encryptionAlg().get(), settings.encryptionEnc().orElseThrow(), jwt);
            }
        } catch (UnusableMetadata e) {
            event.detail(Details.REASON, e.getMessage()).error(Errors.INVALID_REQUEST);
            throw new ErrorResponseException(OAuthErrorException.INVALID_REQUEST, e.getMessage(), Response.Status.BAD_REQUEST);
        }
        // RFC 9701 §5: the response is the JWT, with its own media type
        return Response.ok(jwt, IntrospectionResponseFormat.TOKEN_INTROSPECTION_JWT).header(HttpHeaders.VARY, HttpHeaders.ACCEPT).build();
    }

    /** RFC 9701 §5: iss, aud (the client that asked), iat, and the RFC 7662 response as {@code token_introspection}. */
    static ObjectNode claims(String issuer, String audience, long issuedAt, JsonNode introspection) {
        ObjectNode claims = JsonNodeFactory.instance.objectNode();
        claims.put("iss", issuer);
        claims.put("aud", audience);
        claims.put("iat", issuedAt);
        claims.set("token_introspection", introspection);
        return claims;
    }

    private static JsonNode readJson(Object entity) {
        try {
            return entity instanceof byte[] bytes ? JsonSerialization.mapper.readTree(bytes)
                    : JsonSerialization.mapper.valueToTree(entity);
        } catch (IOException e) {
            throw new UncheckedIOException("Keycloak's introspection result is not JSON", e);
        }
    }

    private String sign(String alg, ObjectNode claims) throws UnusableMetadata {
        SignatureProvider signature = session.getProvider(SignatureProvider.class, alg);
        if (signature == null || !signature.isAsymmetricAlgorithm()) {
            throw new UnusableMetadata("The client's introspection_signed_response_alg " + alg + " is not supported");
        }
        return new JWSBuilder().type(TYP).jsonContent(claims).sign(signature.signer());
    }

    // RFC 9701 §5: signed, then encrypted to the client's public key (a nested JWT, RFC 7519 §5.2: cty JWT)
    private String encrypt(ClientModel client, String alg, String enc, String jws) throws UnusableMetadata {
        CekManagementProvider keyManagement = session.getProvider(CekManagementProvider.class, alg);
        ContentEncryptionProvider contentEncryption = session.getProvider(ContentEncryptionProvider.class, enc);
        if (keyManagement == null || contentEncryption == null) {
            throw new UnusableMetadata("The client's introspection encryption " + alg + " / " + enc + " is not supported");
        }
        KeyWrapper clientKey = PublicKeyStorageManager.getClientPublicKeyWrapper(session, client, JWK.Use.ENCRYPTION, alg);
        if (clientKey == null) {
            throw new UnusableMetadata("The client has no public encryption key (use enc) for introspection_encrypted_response_alg " + alg);
        }
        Key kek = clientKey.getPublicKey();
        try {
            return TokenUtil.jweKeyEncryptionEncode(kek, jws.getBytes(StandardCharsets.UTF_8), alg, enc, clientKey.getKid(),
                    keyManagement.jweAlgorithmProvider(), contentEncryption.jweEncryptionProvider());
        } catch (JWEException e) {
            throw new UnusableMetadata("The client's encryption key does not work with introspection_encrypted_response_alg " + alg);
        }
    }

    private static final class UnusableMetadata extends Exception {
        UnusableMetadata(String message) {
            super(message);
        }
    }
}
