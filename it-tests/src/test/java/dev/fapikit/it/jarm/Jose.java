package dev.fapikit.it.jarm;

import java.text.ParseException;
import java.util.Map;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWEObject;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.crypto.RSADecrypter;
import com.nimbusds.jose.crypto.factories.DefaultJWSVerifierFactory;
import com.nimbusds.jose.jwk.AsymmetricJWK;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;

/** Independent JOSE checks of the server's JWTs: Nimbus for the crypto, a duplicate-rejecting parser for the JSON. */
final class Jose {

    /** RFC 8259 §4 leaves duplicate member names to the parser; a strict client refuses them. */
    private static final ObjectMapper STRICT_JSON = JsonMapper.builder().enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION).build();

    private Jose() {
    }

    /** The JWE, decrypted with the client's key, or the input unchanged when it is a JWS. */
    static String decryptIfEncrypted(String jwt, RSAKey clientEncryptionKey) throws ParseException, JOSEException {
        if (jwt.split("\\.", -1).length != 5) {
            return jwt;
        }
        JWEObject jwe = JWEObject.parse(jwt);
        jwe.decrypt(new RSADecrypter(clientEncryptionKey));
        return jwe.getPayload().toString();
    }

    static JWEObject jweHeaderOf(String jwt) throws ParseException {
        return JWEObject.parse(jwt);
    }

    /** The JWS, verified with the realm key its kid names; returns the header. */
    static JWSHeader verify(String jws, JWKSet realmKeys) throws ParseException, JOSEException {
        JWSObject object = JWSObject.parse(jws);
        JWK key = realmKeys.getKeyByKeyId(object.getHeader().getKeyID());
        if (key == null) {
            throw new AssertionError("No realm key " + object.getHeader().getKeyID());
        }
        boolean valid = object.verify(new DefaultJWSVerifierFactory().createJWSVerifier(object.getHeader(), ((AsymmetricJWK) key).toPublicKey()));
        if (!valid) {
            throw new AssertionError("Signature does not verify");
        }
        return object.getHeader();
    }

    /** The JWS payload parsed strictly: a duplicate member fails. */
    static Map<String, Object> strictClaims(String jws) throws ParseException {
        String payload = JWSObject.parse(jws).getPayload().toString();
        try {
            return STRICT_JSON.readValue(payload, new TypeReference<>() {
            });
        } catch (java.io.IOException e) {
            throw new AssertionError("Payload is not strict JSON: " + payload, e);
        }
    }
}
