/**
 * The audience of {@code private_key_jwt} / {@code client_secret_jwt} client assertions per FAPI profile: FAPI 1.0
 * (RFC 7523 §3, OpenID Connect Core §9) lets the {@code aud} be an array that contains the authorization server's
 * identifier; FAPI 2.0 Security Profile §5.3.2.1 requires the issuer identifier as a single string.
 */
package dev.fapikit.policies.assertion;
