package dev.fapikit.policies;

import java.math.BigInteger;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.util.JSONObjectUtils;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/** Client keys of chosen sizes, as JWKS JSON and certificates. */
public final class TestKeys {

    private TestKeys() {
    }

    public static KeyPair rsa(int bits) throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(bits);
        return generator.generateKeyPair();
    }

    public static KeyPair ec(String curve) throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec(curve));
        return generator.generateKeyPair();
    }

    /** @return a self-signed certificate of the key pair, base64 DER */
    public static String certificate(KeyPair keys) throws Exception {
        String signature = keys.getPublic() instanceof RSAPublicKey ? "SHA256withRSA" : "SHA256withECDSA";
        var holder = new JcaX509v3CertificateBuilder(new X500Name("CN=test-client"), BigInteger.ONE,
                new Date(System.currentTimeMillis() - 60_000), new Date(System.currentTimeMillis() + 3_600_000),
                new X500Name("CN=test-client"), keys.getPublic())
                .build(new JcaContentSignerBuilder(signature).build(keys.getPrivate()));
        return java.util.Base64.getEncoder().encodeToString(new JcaX509CertificateConverter().getCertificate(holder).getEncoded());
    }

    public static JWK jwk(KeyPair keys, String kid) {
        if (keys.getPublic() instanceof RSAPublicKey rsa) {
            return new RSAKey.Builder(rsa).keyID(kid).build();
        }
        ECPublicKey ec = (ECPublicKey) keys.getPublic();
        return new ECKey.Builder(Curve.forECParameterSpec(ec.getParams()), ec).keyID(kid).build();
    }

    /** @return a JWKS with the public key, and an {@code x5c} chain of {@code x5cCertificate} if given (not checked to match) */
    public static String jwks(KeyPair keys, String kid, String x5cCertificate) {
        Map<String, Object> jwk = new LinkedHashMap<>(jwk(keys, kid).toJSONObject());
        if (x5cCertificate != null) {
            jwk.put("x5c", List.of(x5cCertificate));
        }
        return JSONObjectUtils.toJSONString(Map.of("keys", List.of(jwk)));
    }

    /** @return a compact JWS-shaped string with the given header; the signature is not checked by the code under test */
    public static String jwsWithHeader(String headerJson) {
        java.util.Base64.Encoder b64 = java.util.Base64.getUrlEncoder().withoutPadding();
        return b64.encodeToString(headerJson.getBytes()) + "." + b64.encodeToString("{}".getBytes()) + ".c2ln";
    }
}
