/**
 * Client secret strength: secrets an administrator, an import or a registration sets must carry at least a configured
 * entropy (FAPI 1.0 Part 1 §5.2.2-3 and OpenID Connect Core §16.19: a client secret used as a key needs sufficient
 * entropy; RFC 7518 §3.2 asks for HMAC keys as
 * long as the hash, which a low-entropy secret used with {@code client_secret_jwt} is not).
 */
package dev.fapikit.policies.secret;
