package dev.fapikit.tools.bench;

import java.security.KeyPair;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.util.Date;
import java.util.UUID;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;

import org.keycloak.crypto.KeyType;
import org.keycloak.crypto.KeyUse;
import org.keycloak.crypto.KeyWrapper;

import dev.fapikit.it.harness.TestPki;

/**
 * A client's signing key and the JWTs it signs (RFC 7523 client assertion, RFC 9101 request object), as the benchmarks
 * present them: PS256 with RSA 2048 or ES256 with P-256, the FAPI algorithms at the key-size floor.
 */
record ClientJwts(String alg, KeyPair keys, KeyWrapper wrapper) {

    static ClientJwts ps256() {
        return of("PS256", TestPki.rsa(2048));
    }

    static ClientJwts es256() {
        return of("ES256", TestPki.ec("secp256r1"));
    }

    private static ClientJwts of(String alg, KeyPair keys) {
        KeyWrapper w = new KeyWrapper();
        w.setKid("bench-" + alg);
        w.setAlgorithm(alg);
        w.setUse(KeyUse.SIG);
        w.setPublicKey(keys.getPublic());
        if (keys.getPublic() instanceof ECPublicKey) {
            w.setType(KeyType.EC);
            w.setCurve("P-256");
        } else {
            w.setType(KeyType.RSA);
        }
        return new ClientJwts(alg, keys, w);
    }

    /** RFC 7523 §3 / FAPI 2.0 Security Profile §5.3.2.1: iss and sub the client, aud the issuer, single-use jti. */
    String clientAssertion(String clientId) {
        return sign(new JWTClaimsSet.Builder().issuer(clientId).subject(clientId).audience(StandIns.ISSUER)
                .jwtID(UUID.randomUUID().toString()).issueTime(new Date())
                .expirationTime(new Date(System.currentTimeMillis() + 60_000)).build(), null);
    }

    /** RFC 9101 §4, FAPI 1.0 Part 2 §5.2.2: a signed request object with exp, nbf, aud and a jti. */
    String requestObject(String clientId) {
        long now = System.currentTimeMillis();
        return sign(new JWTClaimsSet.Builder().issuer(clientId).audience(StandIns.ISSUER).claim("client_id", clientId)
                .claim("response_type", "code").claim("scope", "openid accounts").claim("redirect_uri", "https://client.example/cb")
                .claim("state", "s-1").claim("nonce", "n-1").claim("code_challenge", "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM")
                .claim("code_challenge_method", "S256").jwtID(UUID.randomUUID().toString()).notBeforeTime(new Date(now))
                .expirationTime(new Date(now + 300_000)).build(), JOSEObjectType.JWT);
    }

    private String sign(JWTClaimsSet claims, JOSEObjectType type) {
        try {
            JWSHeader header = new JWSHeader.Builder(JWSAlgorithm.parse(alg)).keyID(wrapper.getKid()).type(type).build();
            SignedJWT jwt = new SignedJWT(header, claims);
            JWSSigner signer = keys.getPublic() instanceof RSAPublicKey
                    ? new RSASSASigner(keys.getPrivate()) : new ECDSASigner((java.security.interfaces.ECPrivateKey) keys.getPrivate());
            jwt.sign(signer);
            return jwt.serialize();
        } catch (Exception e) {
            throw new IllegalStateException("cannot sign the benchmark's " + alg + " JWT", e);
        }
    }
}
