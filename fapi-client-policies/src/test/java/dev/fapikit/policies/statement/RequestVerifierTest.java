package dev.fapikit.policies.statement;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.keycloak.jose.jwk.JSONWebKeySet;
import org.keycloak.jose.jwk.JWK;
import org.keycloak.util.JWKSUtils;
import org.keycloak.util.JsonSerialization;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;

import dev.fapikit.core.registration.SignedRegistrationRequest;
import dev.fapikit.core.registration.SoftwareStatement;

import static org.assertj.core.api.Assertions.assertThatCode;

@DisplayName("Signed registration requests verified with the software statement's keys (issue 21 §1, RFC 7591 §3.2.2)")
class RequestVerifierTest {

    private static final long NOW = 1_800_000_000L;
    private static final String ISSUER = "https://as.example/realms/bank";

    private final RSAKey software = TestJws.gen(() -> new RSAKeyGenerator(2048).keyID("sw-1").generate());
    private final RSAKey other = TestJws.gen(() -> new RSAKeyGenerator(2048).keyID("sw-1").generate());

    private SoftwareStatement statement(boolean withKeys) throws Exception {
        JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder().issuer("https://directory.example");
        if (withKeys) claims.claim("jwks", new JWKSet(software.toPublicJWK()).toJSONObject());
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.PS256).build(), claims.build());
        jwt.sign(new RSASSASigner(other));
        return SoftwareStatement.parse(jwt.serialize());
    }

    private static SignedRegistrationRequest request(RSAKey key, JWSAlgorithm alg, Map<String, Object> claims) throws Exception {
        return SignedRegistrationRequest.parse(TestJws.signed(alg, new RSASSASigner(key), key.getKeyID(), claims));
    }

    private static RequestVerifier verifier() {
        return new RequestVerifier(List.of("PS256", "ES256"), statement -> {
            if (statement.jwks() == null) return List.of();
            JSONWebKeySet jwks = JsonSerialization.mapper.convertValue(statement.jwks(), JSONWebKeySet.class);
            return JWKSUtils.getKeyWrappersForUse(jwks, JWK.Use.SIG, true).getKeys();
        }, TestJws::nimbus);
    }

    @Test
    @DisplayName("a request signed by a key of the statement's jwks, addressed to this server and unexpired, verifies")
    void verifies() throws Exception {
        SignedRegistrationRequest signed = request(software, JWSAlgorithm.PS256,
                Map.of("aud", ISSUER, "exp", NOW + 60, "client_name", "x"));
        assertThatCode(() -> verifier().verify(signed, statement(true), ISSUER, NOW)).doesNotThrowAnyException();
        SignedRegistrationRequest noAud = request(software, JWSAlgorithm.PS256, Map.of("client_name", "x"));
        assertThatCode(() -> verifier().verify(noAud, statement(true), ISSUER, NOW)).doesNotThrowAnyException();
    }

    @Test
    @DisplayName("a key outside the statement's jwks, an algorithm not allowed, another audience, expiry: invalid_client_metadata")
    void refusals() throws Exception {
        TestJws.refused(() -> verifier().verify(request(other, JWSAlgorithm.PS256, Map.of()), statement(true), ISSUER, NOW),
                "invalid_client_metadata", "signature does not verify");
        TestJws.refused(() -> verifier().verify(request(software, JWSAlgorithm.RS256, Map.of()), statement(true), ISSUER, NOW),
                "invalid_client_metadata", "'RS256'");
        TestJws.refused(() -> verifier().verify(request(software, JWSAlgorithm.PS256, Map.of("aud", List.of("https://other.example"))),
                statement(true), ISSUER, NOW), "invalid_client_metadata", "https://other.example");
        TestJws.refused(() -> verifier().verify(request(software, JWSAlgorithm.PS256,
                Map.of("exp", NOW - StatementVerifier.CLOCK_SKEW_SECONDS - 1)), statement(true), ISSUER, NOW),
                "invalid_client_metadata", "expired");
    }

    @Test
    @DisplayName("a statement naming no keys cannot verify a signed request: invalid_software_statement")
    void statementWithoutKeys() throws Exception {
        TestJws.refused(() -> verifier().verify(request(software, JWSAlgorithm.PS256, Map.of()), statement(false), ISSUER, NOW),
                "invalid_software_statement", "no signing keys");
    }

    @Test
    @DisplayName("a body that is not a JWS with a JSON object of claims: invalid_client_metadata")
    void notAJws() {
        TestJws.refused(() -> SignedRegistrationRequest.parse("{\"client_name\":\"x\"}"), "invalid_client_metadata", "JWS");
        TestJws.refused(() -> SignedRegistrationRequest.parse(" "), "invalid_client_metadata", "empty");
    }
}
