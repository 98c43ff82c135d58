package dev.fapikit.policies.fuzz;

import static dev.fapikit.policies.fuzz.Internals.call;
import static dev.fapikit.policies.fuzz.Internals.check;
import static dev.fapikit.policies.fuzz.Internals.method;

import java.lang.reflect.Method;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * The client-secret entropy estimate (fapi-kit-client-secret-strength) over any secret a client registers: a finite,
 * non-negative number of bits, at most log2 of the largest alphabet per character, the same twice, and never lower for
 * a secret than for its prefix (more characters never make a secret weaker).
 */
class SecretEntropyFuzzTest {

    private static final Method BITS = method("dev.fapikit.policies.secret.SecretEntropy", "bits", String.class);
    /** Lower, upper, digits, other ASCII and non-ASCII together (see SecretEntropy). */
    private static final double MAX_PER_CHARACTER = Math.log(26 + 26 + 10 + 33 + 100) / Math.log(2);

    @FuzzTest(maxDuration = "30s")
    void estimateIsBoundedDeterministicAndMonotone(FuzzedDataProvider data) throws Exception {
        String secret = data.consumeRemainingAsString();
        double bits = (Double) call(BITS, null, secret);
        check(Double.isFinite(bits) && bits >= 0, "finite and non-negative", secret);
        check(bits <= secret.codePointCount(0, secret.length()) * MAX_PER_CHARACTER + 1e-9, "at most the alphabet's bits per character", secret);
        check(bits == (Double) call(BITS, null, secret), "same estimate twice", secret);
        if (!secret.isEmpty()) {
            int cut = secret.offsetByCodePoints(0, secret.codePointCount(0, secret.length()) / 2);
            check((Double) call(BITS, null, secret.substring(0, cut)) <= bits + 1e-9, "a prefix is never stronger", secret);
        }
    }
}
