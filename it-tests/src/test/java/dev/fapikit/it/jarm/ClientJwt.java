package dev.fapikit.it.jarm;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.text.ParseException;
import java.util.Map;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.nimbusds.jose.EncryptionMethod;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWEAlgorithm;
import com.nimbusds.jose.JWEObject;
import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.crypto.RSADecrypter;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;

import dev.fapikit.it.harness.Jose;

/** What a strict client does with a JWT the server sent it, beyond the harness's signature check. */
final class ClientJwt {

    /** RFC 8259 §4 leaves duplicate member names to the parser; a strict client refuses them. */
    private static final ObjectMapper STRICT_JSON = JsonMapper.builder().enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION).build();

    private ClientJwt() {
    }

    /** A client's RSA encryption key for {@code alg}, as it registers it in its JWKS ({@code use=enc}). */
    static RSAKey encryptionKey(JWEAlgorithm alg) {
        try {
            return new RSAKeyGenerator(2048).keyUse(KeyUse.ENCRYPTION).algorithm(alg).keyID(Jose.randomId()).generate();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * JARM §2.2 / RFC 9701 §5: a nested JWT, signed then encrypted to the client's key with {@code alg} and
     * {@code enc}; returns the inner JWS.
     */
    static String decrypt(String jwe, RSAKey key, JWEAlgorithm alg, EncryptionMethod enc) {
        try {
            JWEObject object = JWEObject.parse(jwe);
            assertThat(object.getHeader().getAlgorithm()).isEqualTo(alg);
            assertThat(object.getHeader().getEncryptionMethod()).isEqualTo(enc);
            assertThat(object.getHeader().getKeyID()).isEqualTo(key.getKeyID());
            // RFC 7519 §5.2: a nested JWT says so
            assertThat(object.getHeader().getContentType()).isEqualTo("JWT");
            object.decrypt(new RSADecrypter(key));
            return object.getPayload().toString();
        } catch (ParseException | JOSEException e) {
            throw new AssertionError("not a JWE for the client's key: " + e.getMessage(), e);
        }
    }

    /** The JWS payload parsed strictly: a duplicate member fails. */
    static Map<String, Object> strictClaims(String jws) {
        String payload;
        try {
            payload = JWSObject.parse(jws).getPayload().toString();
        } catch (ParseException e) {
            throw new AssertionError("not a JWS: " + jws, e);
        }
        try {
            return STRICT_JSON.readValue(payload, new TypeReference<>() {
            });
        } catch (IOException e) {
            throw new AssertionError("payload is not strict JSON: " + payload, e);
        }
    }
}
