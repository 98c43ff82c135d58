/**
 * JWT Response for OAuth Token Introspection (RFC 9701).
 *
 * <p>The {@code access_token} and {@code refresh_token} introspection providers answer as Keycloak's do; when the
 * client asks with {@code Accept: application/token-introspection+jwt} (RFC 9701 §4), the same introspection result
 * comes back as a signed, and optionally encrypted, JWT (§5). Per client attributes:
 * {@value dev.fapikit.jarm.introspection.IntrospectionResponseSettings#SIGNED_RESPONSE_ALG},
 * {@value dev.fapikit.jarm.introspection.IntrospectionResponseSettings#ENCRYPTED_RESPONSE_ALG},
 * {@value dev.fapikit.jarm.introspection.IntrospectionResponseSettings#ENCRYPTED_RESPONSE_ENC} (RFC 9701 §6).
 */
package dev.fapikit.jarm.introspection;
