/**
 * Client key strength: FAPI 1.0 Part 1 §5.2.2-5/-6 (which FAPI 1.0 Advanced and FAPI-CIBA inherit) and
 * FAPI 2.0 Security Profile §5.4.1-2/-3 (RSA keys of at least 2048 bits, elliptic curve keys of at least 160 / 224 bits;
 * FAPI Kit defaults to 256).
 */
package dev.fapikit.policies.keys;
