package dev.fapikit.jarm.introspection;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.Key;

import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;

import org.keycloak.OAuthErrorException;
import org.keycloak.common.util.Time;
import org.keycloak.crypto.CekManagementProvider;
import org.keycloak.crypto.ContentEncryptionProvider;
import org.keycloak.crypto.KeyWrapper;
import org.keycloak.crypto.SignatureProvider;
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

    Response respond(Response introspection) {
        HttpHeaders headers = session.getContext().getRequestHeaders();
        if (IntrospectionResponseFormat.negotiate(headers.getAcceptableMediaTypes()) != IntrospectionResponseFormat.JWT
                || introspection.getStatus() != Response.Status.OK.getStatusCode()) {
            return introspection;
        }
        ClientModel client = session.getContext().getClient();
        RealmModel realm = session.getContext().getRealm();
        IntrospectionResponseSettings settings = IntrospectionResponseSettings.of(client.getAttributes());
        ObjectNode claims = claims(Urls.realmIssuer(session.getContext().getUri().getBaseUri(), realm.getName()),
                client.getClientId(), Time.currentTime(), readJson(introspection.getEntity()));
        String jwt = sign(settings.signingAlg(), claims);
        if (settings.encryptionAlg().isPresent()) {
            jwt = encrypt(client, settings.encryptionAlg().get(), settings.encryptionEnc().orElseThrow(), jwt);
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
            throw serverError("The introspection result could not be read");
        }
    }

    private String sign(String alg, ObjectNode claims) {
        SignatureProvider signature = session.getProvider(SignatureProvider.class, alg);
        if (signature == null || !signature.isAsymmetricAlgorithm()) {
            throw serverError("The client's introspection_signed_response_alg " + alg + " is not supported");
        }
        try {
            return new JWSBuilder().type(TYP).jsonContent(claims).sign(signature.signer());
        } catch (RuntimeException e) {
            throw serverError("The realm has no active key for introspection_signed_response_alg " + alg);
        }
    }

    // RFC 9701 §5: signed, then encrypted to the client's public key (a nested JWT, RFC 7519 §5.2: cty JWT)
    private String encrypt(ClientModel client, String alg, String enc, String jws) {
        CekManagementProvider keyManagement = session.getProvider(CekManagementProvider.class, alg);
        ContentEncryptionProvider contentEncryption = session.getProvider(ContentEncryptionProvider.class, enc);
        if (keyManagement == null || contentEncryption == null) {
            throw serverError("The client's introspection encryption " + alg + " / " + enc + " is not supported");
        }
        KeyWrapper clientKey = PublicKeyStorageManager.getClientPublicKeyWrapper(session, client, JWK.Use.ENCRYPTION, alg);
        if (clientKey == null) {
            throw serverError("The client has no public encryption key for " + alg);
        }
        Key kek = clientKey.getPublicKey();
        try {
            return TokenUtil.jweKeyEncryptionEncode(kek, jws.getBytes(StandardCharsets.UTF_8), alg, enc, clientKey.getKid(),
                    keyManagement.jweAlgorithmProvider(), contentEncryption.jweEncryptionProvider());
        } catch (JWEException e) {
            throw serverError("The introspection response could not be encrypted");
        }
    }

    private static ErrorResponseException serverError(String description) {
        return new ErrorResponseException(OAuthErrorException.SERVER_ERROR, description, Response.Status.INTERNAL_SERVER_ERROR);
    }
}
