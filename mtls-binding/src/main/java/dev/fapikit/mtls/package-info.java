/**
 * RFC 8705 (OAuth 2.0 Mutual-TLS Client Authentication and Certificate-Bound Access Tokens) on Keycloak:
 * {@code self_signed_tls_client_auth} (§2.2), {@code tls_client_auth} by subject alternative name (§2.1.2), the
 * authenticators' place in every realm's client authentication flow, and {@code mtls_endpoint_aliases} on a dedicated
 * mTLS host (§5).
 */
package dev.fapikit.mtls;
