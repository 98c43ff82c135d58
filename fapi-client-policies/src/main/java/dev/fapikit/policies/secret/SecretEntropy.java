package dev.fapikit.policies.secret;

import java.util.HashSet;
import java.util.Set;

/**
 * A conservative entropy estimate for a secret a person or a program chose.
 *
 * <p>Each character is credited with log2 of the alphabet the secret draws from (the union of the character classes
 * it uses: lower case, upper case, digits, other ASCII, non-ASCII). A character that repeats its predecessor,
 * continues an ascending or descending run ({@code aaaa}, {@code abcd}, {@code 4321}) or completes a three-character
 * sequence seen before ({@code passwordpassword}) gets no credit. A secret of 32
 * random alphanumeric characters, as Keycloak generates, scores about 180 bits; {@code "abc"} scores 5.
 */
final class SecretEntropy {

    private static final int LOWER = 26;
    private static final int UPPER = 26;
    private static final int DIGITS = 10;
    private static final int OTHER_ASCII = 33;
    private static final int NON_ASCII = 100;

    private SecretEntropy() {
    }

    /** @return the estimated entropy of {@code secret} in bits */
    static double bits(String secret) {
        int[] codePoints = secret.codePoints().toArray();
        double perCharacter = log2(alphabet(codePoints));
        double bits = 0;
        Set<String> trigrams = new HashSet<>();
        for (int i = 0; i < codePoints.length; i++) {
            boolean run = i > 0 && Math.abs(codePoints[i] - codePoints[i - 1]) <= 1;
            boolean repeated = i >= 2 && !trigrams.add(new String(codePoints, i - 2, 3));
            if (!run && !repeated) {
                bits += perCharacter;
            }
        }
        return bits;
    }

    private static int alphabet(int[] codePoints) {
        boolean lower = false, upper = false, digit = false, otherAscii = false, nonAscii = false;
        for (int c : codePoints) {
            if (c >= 'a' && c <= 'z') {
                lower = true;
            } else if (c >= 'A' && c <= 'Z') {
                upper = true;
            } else if (c >= '0' && c <= '9') {
                digit = true;
            } else if (c < 128) {
                otherAscii = true;
            } else {
                nonAscii = true;
            }
        }
        return (lower ? LOWER : 0) + (upper ? UPPER : 0) + (digit ? DIGITS : 0) + (otherAscii ? OTHER_ASCII : 0)
                + (nonAscii ? NON_ASCII : 0);
    }

    private static double log2(int n) {
        return n <= 1 ? 0 : Math.log(n) / Math.log(2);
    }
}
