/**
 * One signing algorithm allow-list for everything a client signs or has signed for it: FAPI 1.0 Advanced Part 2 §8.6
 * (PS256 or ES256), FAPI 2.0 Security Profile §5.4.2 (PS256, ES256 or EdDSA), FAPI-CIBA §7.10, JARM §5.
 */
package dev.fapikit.policies.algorithm;
