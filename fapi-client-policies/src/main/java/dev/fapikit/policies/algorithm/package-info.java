/**
 * One signing algorithm allow-list for everything a client signs or has signed for it: FAPI 1.0 Part 2 §8.6
 * (PS256 or ES256; FAPI-CIBA and JARM inherit it), FAPI 2.0 Security Profile §5.4.1-1 (PS256, ES256 or EdDSA; never
 * {@code none}).
 */
package dev.fapikit.policies.algorithm;
