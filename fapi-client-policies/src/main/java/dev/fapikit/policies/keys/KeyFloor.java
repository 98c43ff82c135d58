package dev.fapikit.policies.keys;

import java.util.Optional;

/**
 * Minimum client key sizes.
 *
 * @param minRsaBits smallest RSA modulus in bits
 * @param minEcBits  smallest elliptic curve size in bits
 */
record KeyFloor(int minRsaBits, int minEcBits) {

    /** @return why a key is refused, empty when it meets the floor */
    Optional<String> refusalReason(KeyStrength strength) {
        boolean rsa = strength.family() == KeyStrength.Family.RSA;
        int floor = rsa ? minRsaBits : minEcBits;
        if (strength.bits() >= floor) {
            return Optional.empty();
        }
        return Optional.of(strength + " is below the required " + (rsa ? "RSA" : "elliptic curve") + " key size of "
                + floor + " bits (FAPI 1.0 Part 1 §5.2.2-5/-6, FAPI 2.0 Security Profile §5.4.1-2/-3)");
    }
}
