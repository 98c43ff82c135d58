package dev.fapikit.policies.keys;

import java.math.BigInteger;
import java.security.PublicKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.EdECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.util.Base64;
import java.util.Optional;

import org.keycloak.jose.jwk.JWK;

/**
 * The size that decides a key's strength: the RSA modulus length, or the elliptic curve's field size.
 *
 * @param family {@link Family#RSA} or {@link Family#EC} (Edwards curves included)
 * @param bits   modulus or curve size in bits
 */
record KeyStrength(Family family, int bits) {

    /** Key families with a size floor. */
    enum Family { RSA, EC }

    /** Curve sizes by JWK {@code crv} (RFC 7518 §6.2.1.1, RFC 8037 §2). Ed25519 counts as 256: its security equals P-256's. */
    static Optional<Integer> curveBits(String crv) {
        if (crv == null) {
            return Optional.empty();
        }
        return switch (crv) {
            case "P-256", "secp256k1", "Ed25519", "X25519" -> Optional.of(256);
            case "P-384" -> Optional.of(384);
            case "P-521" -> Optional.of(521);
            case "Ed448", "X448" -> Optional.of(448);
            default -> Optional.empty();
        };
    }

    /** @return the strength of a JWK, empty for key types without a size floor (e.g. {@code oct}, {@code AKP}) */
    static Optional<KeyStrength> of(JWK jwk) {
        String kty = jwk.getKeyType();
        if ("RSA".equals(kty)) {
            String n = jwk.getOtherClaim("n", String.class);
            if (n == null) {
                return Optional.of(new KeyStrength(Family.RSA, 0));
            }
            return Optional.of(new KeyStrength(Family.RSA, new BigInteger(1, Base64.getUrlDecoder().decode(n)).bitLength()));
        }
        if ("EC".equals(kty) || "OKP".equals(kty)) {
            // An unknown curve counts as 0 bits: a key nobody can size is not accepted under a floor.
            return Optional.of(new KeyStrength(Family.EC, curveBits(jwk.getOtherClaim("crv", String.class)).orElse(0)));
        }
        return Optional.empty();
    }

    /** @return the strength of a public key, empty for key types without a size floor */
    static Optional<KeyStrength> of(PublicKey key) {
        if (key instanceof RSAPublicKey rsa) {
            return Optional.of(new KeyStrength(Family.RSA, rsa.getModulus().bitLength()));
        }
        if (key instanceof ECPublicKey ec) {
            return Optional.of(new KeyStrength(Family.EC, ec.getParams().getCurve().getField().getFieldSize()));
        }
        if (key instanceof EdECPublicKey ed) {
            return Optional.of(new KeyStrength(Family.EC, curveBits(ed.getParams().getName()).orElse(0)));
        }
        return Optional.empty();
    }

    @Override
    public String toString() {
        return family == Family.RSA ? "RSA-" + bits : "EC-" + bits;
    }
}
