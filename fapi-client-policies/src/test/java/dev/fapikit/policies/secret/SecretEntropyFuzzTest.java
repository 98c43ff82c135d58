package dev.fapikit.policies.secret;

import static dev.fapikit.core.fuzz.Invariant.check;
import static dev.fapikit.policies.secret.SecretEntropy.bits;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * The client-secret entropy estimate (fapi-kit-client-secret-strength) over any secret a client registers: a finite,
 * non-negative number of bits, at most log2 of the largest alphabet per character, the same twice, and never lower for
 * a secret than for its prefix (more characters never make a secret weaker).
 */
class SecretEntropyFuzzTest {

    /** Lower, upper, digits, other ASCII and non-ASCII together (see SecretEntropy). */
    private static final double MAX_PER_CHARACTER = Math.log(26 + 26 + 10 + 33 + 100) / Math.log(2);

    @FuzzTest(maxDuration = "30s")
    void estimateIsBoundedDeterministicAndMonotone(FuzzedDataProvider data) {
        String secret = data.consumeRemainingAsString();
        double bits = bits(secret);
        check(Double.isFinite(bits) && bits >= 0, "finite and non-negative", secret);
        check(bits <= secret.codePointCount(0, secret.length()) * MAX_PER_CHARACTER + 1e-9, "at most the alphabet's bits per character", secret);
        check(bits == bits(secret), "same estimate twice", secret);
        if (!secret.isEmpty()) {
            int cut = secret.offsetByCodePoints(0, secret.codePointCount(0, secret.length()) / 2);
            check(bits(secret.substring(0, cut)) <= bits + 1e-9, "a prefix is never stronger", secret);
        }
    }
}
