/**
 * Rich Authorization Requests (RFC 9396): the {@code authorization_details} parameter read within limits, the built-in
 * {@code payment_initiation} type (RFC 9396 §2's example shape) checked strictly, its wording for the user, and the
 * {@code authorization-details-processor} provider through which Keycloak 26.5+ carries approved details into tokens.
 * Keycloak 26.4 has an older, incompatible form of that SPI: {@link dev.fapikit.core.rar.RarSupport} says whether the
 * running Keycloak has the 26.5+ one, and only classes reached from the processor factory after that check name it.
 */
package dev.fapikit.core.rar;
