/**
 * Client-policy executors and conditions for the FAPI rules Keycloak 26.7.3 lacks (FAPI 1.0 Advanced, FAPI 2.0
 * Security Profile and Message Signing, FAPI-CIBA), and the complete FAPI Kit client profiles built from them.
 *
 * <p>One package per rule: {@code keys} (client key sizes), {@code secret} (client secret entropy),
 * {@code algorithm} (signing algorithm allow-list), {@code replay} (request object {@code jti}), {@code condition}
 * (policy conditions), {@code discovery} (metadata that matches the policies).
 */
package dev.fapikit.policies;
