package dev.fapikit.tools.bench;

import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.Provider;
import java.security.Signature;
import java.security.spec.MGF1ParameterSpec;
import java.security.spec.PSSParameterSpec;
import java.util.concurrent.TimeUnit;

import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

import dev.fapikit.it.harness.TestPki;

/**
 * The signing floor (JMH): one PS256 (RSASSA-PSS, SHA-256, RSA 2048, RFC 7518 §3.5) and one ES256 (ECDSA P-256,
 * SHA-256, §3.4) signature over a JWT-sized signing input. Keycloak's default crypto provider signs with Bouncy
 * Castle's {@code SHA256withRSAandMGF1} / {@code SHA256withECDSA}; the JDK's own providers are shown beside them.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class SigningBenchmark {

    private static final PSSParameterSpec PSS = new PSSParameterSpec("SHA-256", "MGF1", MGF1ParameterSpec.SHA256, 32, 1);

    private final byte[] input = ("eyJhbGciOiJQUzI1NiIsInR5cCI6IkpXVCIsImtpZCI6ImJlbmNoIn0." + "x".repeat(700))
            .getBytes(StandardCharsets.US_ASCII);
    private KeyPair rsa;
    private KeyPair ec;
    private Provider bc;

    @Setup
    public void keys() {
        rsa = TestPki.rsa(2048);
        ec = TestPki.ec("secp256r1");
        bc = new BouncyCastleProvider();
    }

    @Benchmark
    public byte[] ps256BouncyCastle() throws Exception {
        Signature s = Signature.getInstance("SHA256withRSAandMGF1", bc);
        s.initSign(rsa.getPrivate());
        s.update(input);
        return s.sign();
    }

    @Benchmark
    public byte[] ps256Jdk() throws Exception {
        Signature s = Signature.getInstance("RSASSA-PSS");
        s.setParameter(PSS);
        s.initSign(rsa.getPrivate());
        s.update(input);
        return s.sign();
    }

    @Benchmark
    public byte[] es256BouncyCastle() throws Exception {
        Signature s = Signature.getInstance("SHA256withECDSA", bc);
        s.initSign(ec.getPrivate());
        s.update(input);
        return s.sign();
    }

    @Benchmark
    public byte[] es256Jdk() throws Exception {
        Signature s = Signature.getInstance("SHA256withECDSAinP1363Format");
        s.initSign(ec.getPrivate());
        s.update(input);
        return s.sign();
    }
}
