package dev.fapikit.it.harness;

import java.security.MessageDigest;
import java.security.SecureRandom;
import java.text.ParseException;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.Map;
import java.util.UUID;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.factories.DefaultJWSSignerFactory;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;

/** Client-side JOSE with Nimbus: the independent signer and verifier of the tests. */
public final class Jose {

    public static final String CLIENT_ASSERTION_TYPE = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";
    private static final SecureRandom RANDOM = new SecureRandom();

    private Jose() {
    }

    /** Signs {@code claims} with the client's key (kid as Keycloak derives it) and {@code alg}. */
    public static String sign(ClientCert key, JWSAlgorithm alg, JWTClaimsSet claims) {
        return sign(key, alg, null, claims);
    }

    public static String sign(ClientCert key, JWSAlgorithm alg, JOSEObjectType typ, JWTClaimsSet claims) {
        try {
            SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(alg).keyID(key.keycloakKeyId()).type(typ).build(), claims);
            jwt.sign(new DefaultJWSSignerFactory().createJWSSigner(key.privateJwk(), alg));
            return jwt.serialize();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    /** RFC 7523 §3 client assertion for {@code private_key_jwt}, audience the realm issuer (FAPI 2.0 SP §5.3.2.1). */
    public static String clientAssertion(ClientCert key, String clientId, String issuer) {
        Instant now = Instant.now();
        return sign(key, JWSAlgorithm.PS256, new JWTClaimsSet.Builder().issuer(clientId).subject(clientId).audience(issuer)
                .jwtID(UUID.randomUUID().toString()).issueTime(Date.from(now)).expirationTime(Date.from(now.plusSeconds(60)))
                .build());
    }

    /** Verifies a JWS against the realm's published JWKS and returns its claims. */
    public static JWTClaimsSet verify(FapiKit kit, String realm, String jws) {
        try {
            JWKSet jwks = JWKSet.parse(Http.get(kit.http(null), kit.oidcUrl(realm) + "/certs").body());
            DefaultJWTProcessor<SecurityContext> p = new DefaultJWTProcessor<>();
            p.setJWSTypeVerifier((type, ctx) -> { });
            SignedJWT parsed = SignedJWT.parse(jws);
            p.setJWSKeySelector(new JWSVerificationKeySelector<>(parsed.getHeader().getAlgorithm(), new ImmutableJWKSet<>(jwks)));
            p.setJWTClaimsSetVerifier((claims, ctx) -> { });
            return p.process(parsed, null);
        } catch (ParseException | JOSEException | com.nimbusds.jose.proc.BadJOSEException e) {
            throw new IllegalStateException("JWS does not verify against the realm JWKS: " + e.getMessage(), e);
        }
    }

    /** A PKCE pair (RFC 7636 §4.1-4.2, S256): {@code verifier} and {@code challenge}. */
    public static Map<String, String> pkce() {
        byte[] b = new byte[32];
        RANDOM.nextBytes(b);
        String verifier = Base64.getUrlEncoder().withoutPadding().encodeToString(b);
        try {
            String challenge = Base64.getUrlEncoder().withoutPadding()
                    .encodeToString(MessageDigest.getInstance("SHA-256").digest(verifier.getBytes()));
            return Map.of("verifier", verifier, "challenge", challenge);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    public static String randomId() {
        byte[] b = new byte[16];
        RANDOM.nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }
}
