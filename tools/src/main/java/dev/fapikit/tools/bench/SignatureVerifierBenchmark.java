package dev.fapikit.tools.bench;

import java.nio.charset.StandardCharsets;
import java.security.Provider;
import java.security.Signature;
import java.security.spec.MGF1ParameterSpec;
import java.security.spec.PSSParameterSpec;
import java.util.concurrent.TimeUnit;

import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.keycloak.crypto.ClientSignatureVerifierProviderFactory;
import org.keycloak.crypto.ES256ClientSignatureVerifierProviderFactory;
import org.keycloak.crypto.PS256ClientSignatureVerifierProviderFactory;
import org.keycloak.jose.jws.JWSInput;
import org.keycloak.models.KeycloakSession;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

import dev.fapikit.policies.keys.KeyFloorSignatureVerifiers;

/**
 * The signature-verifier floor (JMH): verifying one client assertion (RFC 7523) with FAPI Kit's same-id
 * {@code clientSignature} verifier ({@link KeyFloorSignatureVerifiers}: the key-size floor, then Keycloak's verifier),
 * with Keycloak's own verifier, and with the JCA directly (Bouncy Castle, the JDK). The difference between the first
 * two is what the floor costs per client-signed JWT; the last two are the floor under any verification.
 *
 * <p>The public-key cache is a stand-in that has the key (a warm server): the cost of Keycloak's cache lookup itself is
 * not in these figures, and it is the same for both verifiers.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class SignatureVerifierBenchmark {

    private static final PSSParameterSpec PSS = new PSSParameterSpec("SHA-256", "MGF1", MGF1ParameterSpec.SHA256, 32, 1);

    /** PS256 (RSASSA-PSS, RSA 2048, RFC 7518 §3.5) or ES256 (ECDSA P-256, §3.4). */
    @Param({"PS256", "ES256"})
    public String alg;

    private ClientJwts jwts;
    private StandIns.Request request;
    private KeycloakSession session;
    private JWSInput assertion;
    private byte[] signingInput;
    private byte[] signature;
    private byte[] derSignature;
    private ClientSignatureVerifierProviderFactory fapiKit;
    private ClientSignatureVerifierProviderFactory keycloak;
    private Provider bc;

    @Setup
    public void setUp() throws Exception {
        StandIns.crypto();
        jwts = "PS256".equals(alg) ? ClientJwts.ps256() : ClientJwts.es256();
        request = new StandIns.Request();
        request.clientKey = jwts.wrapper();
        session = request.session();
        assertion = new JWSInput(jwts.clientAssertion(request.clientId));
        signingInput = assertion.getEncodedSignatureInput().getBytes(StandardCharsets.US_ASCII);
        signature = assertion.getSignature();
        bc = new BouncyCastleProvider();
        if ("PS256".equals(alg)) {
            fapiKit = new KeyFloorSignatureVerifiers.PS256();
            keycloak = new PS256ClientSignatureVerifierProviderFactory();
            derSignature = signature;
        } else {
            fapiKit = new KeyFloorSignatureVerifiers.ES256();
            keycloak = new ES256ClientSignatureVerifierProviderFactory();
            Signature s = Signature.getInstance("SHA256withECDSA");
            s.initSign(jwts.keys().getPrivate());
            s.update(signingInput);
            derSignature = s.sign();
        }
        if (!fapiKitVerifier() || !keycloakVerifier() || !bouncyCastle() || !jdk()) {
            throw new IllegalStateException(alg + ": a verifier rejected the benchmark's valid signature");
        }
    }

    /** FAPI Kit's verifier: key-size floor (cached key, {@code KeyStrength}), then Keycloak's verifier. */
    @Benchmark
    public boolean fapiKitVerifier() throws Exception {
        return fapiKit.create(session).verifier(request.client(), assertion).verify(signingInput, signature);
    }

    /** Keycloak's own {@code clientSignature} verifier of the same id (what a stock server runs). */
    @Benchmark
    public boolean keycloakVerifier() throws Exception {
        return keycloak.create(session).verifier(request.client(), assertion).verify(signingInput, signature);
    }

    /** The JCA with Bouncy Castle (the provider Keycloak's default crypto provider uses for PS256). */
    @Benchmark
    public boolean bouncyCastle() throws Exception {
        Signature s = Signature.getInstance("PS256".equals(alg) ? "SHA256withRSAandMGF1" : "SHA256withECDSA", bc);
        s.initVerify(jwts.keys().getPublic());
        s.update(signingInput);
        return s.verify(derSignature);
    }

    /** The JDK's own providers. */
    @Benchmark
    public boolean jdk() throws Exception {
        Signature s;
        if ("PS256".equals(alg)) {
            s = Signature.getInstance("RSASSA-PSS");
            s.setParameter(PSS);
        } else {
            s = Signature.getInstance("SHA256withECDSAinP1363Format");
        }
        s.initVerify(jwts.keys().getPublic());
        s.update(signingInput);
        return s.verify(signature);
    }
}
