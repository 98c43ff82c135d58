package dev.fapikit.policies.statement;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.keycloak.crypto.KeyWrapper;

import dev.fapikit.core.registration.SoftwareStatementRefusal;

/** What the statement and request verifier tests share: keys, signed JWTs (Nimbus), the signature check, refusals. */
final class TestJws {

    private TestJws() {
    }

    interface Gen<T> {
        T get() throws Exception;
    }

    /** A key or value made in a field initializer. */
    static <T> T gen(Gen<T> g) {
        try {
            return g.get();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** A JWT of {@code claims} signed by {@code signer}, in compact serialization. */
    static String signed(JWSAlgorithm alg, JWSSigner signer, String kid, Map<String, Object> claims) throws Exception {
        JWTClaimsSet.Builder set = new JWTClaimsSet.Builder();
        claims.forEach(set::claim);
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(alg).keyID(kid).build(), set.build());
        jwt.sign(signer);
        return jwt.serialize();
    }

    /** Tests only: Nimbus checks the signature Keycloak's SignatureProvider checks in production. */
    static boolean nimbus(String alg, KeyWrapper key, byte[] input, byte[] signature) {
        try {
            JWSHeader header = new JWSHeader(JWSAlgorithm.parse(alg));
            var verifier = key.getPublicKey() instanceof java.security.interfaces.RSAPublicKey r ? new RSASSAVerifier(r)
                    : new ECDSAVerifier((java.security.interfaces.ECPublicKey) key.getPublicKey());
            return verifier.verify(header, input, Base64URL.encode(signature));
        } catch (Exception e) {
            return false;
        }
    }

    /** The call is refused with {@code error}, and the description says {@code detail}. */
    static void refused(ThrowingCallable call, String error, String detail) {
        assertThatThrownBy(call).isInstanceOfSatisfying(SoftwareStatementRefusal.class, e -> {
            assertThat(e.getError()).isEqualTo(error);
            assertThat(e.getErrorDetail()).contains(detail);
        });
    }
}
