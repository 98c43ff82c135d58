package dev.fapikit.mtls.auth;

import static dev.fapikit.core.fuzz.Invariant.check;
import static dev.fapikit.mtls.auth.RegisteredKeys.fromJwks;
import static dev.fapikit.mtls.auth.SelfSignedCertificateMatcher.matchesAny;
import static dev.fapikit.mtls.auth.SelfSignedCertificateMatcher.sameKey;

import java.math.BigInteger;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Map;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import org.junit.jupiter.api.Test;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.keycloak.jose.jwk.JSONWebKeySet;

/**
 * RFC 8705 §2.2 self_signed_tls_client_auth: a client's registered JWK set (client input at registration) against the
 * certificate presented in the TLS handshake. For any JWK set: reading it either yields keys or throws an
 * {@link Exception} (the authenticator turns every exception into {@code invalid_client}), never an {@link Error};
 * matching never throws, answers the same twice, and says yes only for a key with the presented certificate's key
 * material. The genuine JWK (modulus, exponent and x5c of the presented certificate) always matches.
 */
class SelfSignedJwksMatcherFuzzTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final X509Certificate PRESENTED = certificate();
    private static final Map<String, String> GENUINE = genuineJwk(PRESENTED);

    @FuzzTest(maxDuration = "30s")
    void anyJwksIsReadOrRefusedAndMatchesOnlyTheSameKey(FuzzedDataProvider data) {
        String json = data.consumeBoolean() ? mutatedGenuine(data) : data.consumeRemainingAsString();
        JSONWebKeySet jwks;
        try {
            jwks = JSON.readValue(json, JSONWebKeySet.class);
        } catch (java.io.IOException notAJwks) {
            return; // refused when registered (invalid_client_metadata) and when loaded (invalid_client)
        }
        List<RegisteredKey> keys;
        try {
            keys = fromJwks(jwks);
        } catch (Exception refused) {
            return; // the authenticator answers invalid_client: "registered keys could not be loaded"
        }
        boolean matched = matchesAny(PRESENTED, keys);
        check(matched == matchesAny(PRESENTED, keys), "same answer twice", json);
        if (matched) {
            boolean sameMaterial = false;
            for (RegisteredKey key : keys) {
                sameMaterial |= sameKey(PRESENTED.getPublicKey(), key.publicKey());
            }
            check(sameMaterial, "a match has the presented key's material", json);
        }
        if (json.equals(genuineJwks(GENUINE))) {
            check(matched, "the genuine JWK matches", json);
        }
    }

    /**
     * The presented certificate's own key (without x5c) matches. A JWK set with x5c, or with an EC key, is read through
     * Keycloak's crypto provider, which only the server initialises (keycloak-crypto-default is not on Maven Central):
     * outside the server such sets end as "not a JWK set" here, so the fuzz target covers RSA keys without x5c.
     */
    @Test
    void genuineKeyMatches() throws Exception {
        Map<String, String> withoutX5c = new java.util.LinkedHashMap<>(GENUINE);
        withoutX5c.remove("x5c");
        ObjectNode jwk = JSON.createObjectNode();
        withoutX5c.forEach(jwk::put);
        ObjectNode jwks = JSON.createObjectNode();
        jwks.putArray("keys").add(jwk);
        List<RegisteredKey> keys = fromJwks(JSON.readValue(jwks.toString(), JSONWebKeySet.class));
        check(matchesAny(PRESENTED, keys), "the presented certificate's key matches", jwks);
    }

    /** The genuine JWK set with some members replaced or dropped by the fuzzer. */
    private static String mutatedGenuine(FuzzedDataProvider data) {
        ObjectNode jwk = JSON.createObjectNode();
        for (Map.Entry<String, String> member : GENUINE.entrySet()) {
            int choice = data.consumeInt(0, 3);
            if (choice == 0) continue; // keep as is
            if (choice == 1) jwk.put(member.getKey(), data.consumeString(600)); // replaced
            if (choice == 2) jwk.put(member.getKey(), data.consumeLong()); // wrong JSON type
            // choice 3: dropped
        }
        GENUINE.forEach((k, v) -> {
            if (!jwk.has(k) && !data.consumeBoolean()) jwk.put(k, v);
        });
        if (jwk.has("x5c") && jwk.get("x5c").isTextual()) {
            jwk.set("x5c", JSON.createArrayNode().add(jwk.get("x5c").asText()));
        }
        ObjectNode jwks = JSON.createObjectNode();
        ArrayNode keys = jwks.putArray("keys");
        keys.add(jwk);
        return jwks.toString();
    }

    private static String genuineJwks(Map<String, String> genuine) {
        ObjectNode jwk = JSON.createObjectNode();
        genuine.forEach(jwk::put);
        jwk.set("x5c", JSON.createArrayNode().add(genuine.get("x5c")));
        ObjectNode jwks = JSON.createObjectNode();
        jwks.putArray("keys").add(jwk);
        return jwks.toString();
    }

    private static Map<String, String> genuineJwk(X509Certificate certificate) {
        java.security.interfaces.RSAPublicKey rsa = (java.security.interfaces.RSAPublicKey) certificate.getPublicKey();
        Base64.Encoder url = Base64.getUrlEncoder().withoutPadding();
        try {
            return new java.util.LinkedHashMap<>(Map.of("kty", "RSA", "use", "sig",
                    "n", url.encodeToString(unsigned(rsa.getModulus())), "e", url.encodeToString(unsigned(rsa.getPublicExponent())),
                    "x5c", Base64.getEncoder().encodeToString(certificate.getEncoded())));
        } catch (java.security.cert.CertificateEncodingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] unsigned(BigInteger i) {
        byte[] b = i.toByteArray();
        return b[0] == 0 ? java.util.Arrays.copyOfRange(b, 1, b.length) : b;
    }

    /** One self-signed RSA certificate per run, from a fixed seed so corpus entries stay meaningful. */
    private static X509Certificate certificate() {
        try {
            SecureRandom seeded = SecureRandom.getInstance("SHA1PRNG");
            seeded.setSeed(8705);
            KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
            g.initialize(2048, seeded);
            KeyPair keys = g.generateKeyPair();
            X500Name subject = new X500Name("CN=fuzz-client");
            Date from = new Date(System.currentTimeMillis() - 3_600_000L);
            Date to = new Date(System.currentTimeMillis() + 86_400_000L);
            return new JcaX509CertificateConverter().getCertificate(new JcaX509v3CertificateBuilder(subject, BigInteger.ONE,
                    from, to, subject, keys.getPublic()).build(new JcaContentSignerBuilder("SHA256withRSA").build(keys.getPrivate())));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
