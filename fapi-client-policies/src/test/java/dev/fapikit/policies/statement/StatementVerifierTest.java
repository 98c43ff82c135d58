package dev.fapikit.policies.statement;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.keycloak.crypto.KeyWrapper;
import org.keycloak.jose.jwk.JSONWebKeySet;
import org.keycloak.jose.jwk.JWK;
import org.keycloak.util.JWKSUtils;
import org.keycloak.util.JsonSerialization;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;

import dev.fapikit.core.registration.SoftwareStatement;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@DisplayName("Software statement verification against trusted directories (RFC 7591 §2.3, §3.2.2)")
class StatementVerifierTest {

    private static final long NOW = 1_800_000_000L;
    private static final String ISSUER = "https://directory.example";

    private final RSAKey rsa = TestJws.gen(() -> new RSAKeyGenerator(2048).keyID("rsa-1").generate());
    private final ECKey ec = TestJws.gen(() -> new ECKeyGenerator(Curve.P_256).keyID("ec-1").generate());
    private final RSAKey other = TestJws.gen(() -> new RSAKeyGenerator(2048).keyID("rsa-1").generate());

    private TrustedDirectory directory() throws Exception {
        JSONWebKeySet jwks = JsonSerialization.readValue(new JWKSet(List.of(rsa.toPublicJWK())).toString(),
                JSONWebKeySet.class);
        return new TrustedDirectory(ISSUER, jwks, null);
    }

    private StatementVerifier verifier() throws Exception {
        return new StatementVerifier(List.of(directory()), List.of("PS256", "ES256"),
                (d, kid) -> {
                    // RSA from the JWK set as production reads it; the EC key built directly (Keycloak parses EC JWKs
                    // through its crypto provider, which the server installs and unit tests lack)
                    List<KeyWrapper> keys = new java.util.ArrayList<>(JWKSUtils.getKeyWrappersForUse(d.jwks(), JWK.Use.SIG, true).getKeys());
                    keys.add(ecKey());
                    return keys;
                }, TestJws::nimbus);
    }

    private KeyWrapper ecKey() {
        KeyWrapper key = new KeyWrapper();
        key.setKid(ec.getKeyID());
        key.setType(org.keycloak.crypto.KeyType.EC);
        key.setCurve("P-256");
        key.setPublicKey(TestJws.gen(ec::toECPublicKey));
        return key;
    }

    private static SoftwareStatement statement(JWSAlgorithm alg, com.nimbusds.jose.JWSSigner signer, String kid,
            Map<String, Object> claims) throws Exception {
        return SoftwareStatement.parse(TestJws.signed(alg, signer, kid, claims));
    }

    private SoftwareStatement ps256(Map<String, Object> claims) throws Exception {
        return statement(JWSAlgorithm.PS256, new RSASSASigner(rsa), "rsa-1", claims);
    }

    @Test
    @DisplayName("PS256 and ES256 statements of a trusted directory, in their lifetime, verify")
    void trustedStatementsVerify() throws Exception {
        assertThat(verifier().verify(ps256(Map.of("iss", ISSUER, "iat", NOW - 10, "exp", NOW + 600)), NOW).issuer()).isEqualTo(ISSUER);
        SoftwareStatement es = statement(JWSAlgorithm.ES256, new ECDSASigner(ec), "ec-1", Map.of("iss", ISSUER));
        assertThat(verifier().verify(es, NOW).issuer()).isEqualTo(ISSUER);
    }

    @Test
    @DisplayName("a statement signed by a key the directory does not publish is invalid_software_statement")
    void untrustedKey() throws Exception {
        SoftwareStatement forged = statement(JWSAlgorithm.PS256, new RSASSASigner(other), "rsa-1", Map.of("iss", ISSUER));
        TestJws.refused(() -> verifier().verify(forged, NOW), "invalid_software_statement", "signature does not verify");
    }

    @Test
    @DisplayName("an algorithm outside the allowed ones (RS256, none) is invalid_software_statement")
    void algorithmNotAllowed() throws Exception {
        SoftwareStatement rs256 = statement(JWSAlgorithm.RS256, new RSASSASigner(rsa), "rsa-1", Map.of("iss", ISSUER));
        TestJws.refused(() -> verifier().verify(rs256, NOW), "invalid_software_statement", "'RS256'");
        java.util.Base64.Encoder b64 = java.util.Base64.getUrlEncoder().withoutPadding();
        SoftwareStatement unsigned = SoftwareStatement.parse(b64.encodeToString("{\"alg\":\"none\"}".getBytes()) + "."
                + b64.encodeToString(("{\"iss\":\"" + ISSUER + "\"}").getBytes()) + ".");
        TestJws.refused(() -> verifier().verify(unsigned, NOW), "invalid_software_statement", "'none'");
    }

    @Test
    @DisplayName("an issuer the realm does not trust is unapproved_software_statement")
    void untrustedIssuer() throws Exception {
        TestJws.refused(() -> verifier().verify(ps256(Map.of("iss", "https://elsewhere")), NOW), "unapproved_software_statement",
                "https://elsewhere");
    }

    @Test
    @DisplayName("expired, or issued in the future beyond the clock skew, is invalid_software_statement")
    void lifetime() throws Exception {
        TestJws.refused(() -> verifier().verify(ps256(Map.of("iss", ISSUER, "exp", NOW - StatementVerifier.CLOCK_SKEW_SECONDS - 1)), NOW),
                "invalid_software_statement", "expired");
        TestJws.refused(() -> verifier().verify(ps256(Map.of("iss", ISSUER, "iat", NOW + StatementVerifier.CLOCK_SKEW_SECONDS + 1)), NOW),
                "invalid_software_statement", "future");
        assertThat(verifier().verify(ps256(Map.of("iss", ISSUER, "exp", NOW - 5)), NOW).issuer()).isEqualTo(ISSUER);
    }

    @Test
    @DisplayName("trusted directories are read from JSON text (admin console) and refuse incomplete entries")
    void directoriesOption() {
        var parsed = TrustedDirectory.parse(JsonSerialization.mapper.getNodeFactory().textNode(
                "[{\"issuer\":\"a\",\"jwks_uri\":\"https://a/jwks\"},{\"issuer\":\"b\",\"jwks\":{\"keys\":[]}}]"));
        assertThat(parsed).extracting(TrustedDirectory::issuer, TrustedDirectory::jwksUri).containsExactly(
                org.assertj.core.groups.Tuple.tuple("a", "https://a/jwks"), org.assertj.core.groups.Tuple.tuple("b", null));
        assertThatThrownBy(() -> TrustedDirectory.parse(JsonSerialization.mapper.getNodeFactory().textNode("[{\"issuer\":\"a\"}]")))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
