/**
 * Rich Authorization Requests (RFC 9396) over CIBA: the {@code authorization_details} of a backchannel request, kept
 * next to it in Keycloak's single-use store, shown to the user in words, bound to the approval and carried into the
 * tokens. A leaf below the grant: it uses the core's RAR types and Keycloak only.
 */
package dev.fapikit.ciba.rar;
