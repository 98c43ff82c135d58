/**
 * Rich Authorization Requests (RFC 9396) in client policies and dynamic registration: the
 * {@code fapi-kit-authorization-details} executor checks {@code authorization_details} at the PAR and authorization
 * endpoints, and clients register the types they use as {@code authorization_details_types} (RFC 9396 §10). Nothing
 * here names a Keycloak 26.5+ class: the processor SPI is reached through {@link dev.fapikit.core.rar.RarSupport}.
 */
package dev.fapikit.policies.rar;
