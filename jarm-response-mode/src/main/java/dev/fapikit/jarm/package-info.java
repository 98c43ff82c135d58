/**
 * JARM (JWT Secured Authorization Response Mode for OAuth 2.0, OpenID Foundation) enforcement and correctness, and
 * JWT-secured token introspection (RFC 9701), for Keycloak.
 *
 * <ul>
 *   <li>{@link dev.fapikit.jarm.executor}: client-policy executors requiring JARM, accepting every JWT response mode
 *       with {@code response_type=code}, and applying the JARM §3 encryption default.</li>
 *   <li>{@link dev.fapikit.jarm.introspection}: the {@code access_token} and {@code refresh_token} introspection
 *       providers answering {@code application/token-introspection+jwt} (RFC 9701 §4, §5).</li>
 *   <li>{@link dev.fapikit.jarm.metadata}: the RFC 9701 §7 authorization server metadata.</li>
 * </ul>
 */
package dev.fapikit.jarm;
