/**
 * Client-policy executors for JARM (JWT Secured Authorization Response Mode for OAuth 2.0).
 *
 * <ul>
 *   <li>{@code fapi-kit-secure-response-type}: Keycloak's {@code secure-response-type} (FAPI 1.0 Advanced §5.2.2-2),
 *       accepting {@code response_type=code} with every JWT response mode of JARM §2.3, not only {@code jwt}.</li>
 *   <li>{@code fapi-kit-jarm-required}: authorization responses only in a JWT response mode (FAPI 2.0 Message Signing
 *       §5.4); anything else is refused with {@code invalid_request}, itself delivered as a JARM response.</li>
 *   <li>{@code fapi-kit-jarm-encryption}: the JARM §3 {@code authorization_encrypted_response_enc} default and
 *       consistent encryption metadata.</li>
 * </ul>
 */
package dev.fapikit.jarm.executor;
