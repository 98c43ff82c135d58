/**
 * ID tokens that carry what the client asked for (OpenID Connect Core §2, §5.4, §5.5; FAPI data minimisation): the
 * standard claims of a scope the request did not name, and Keycloak's own {@code typ} and {@code sid}, are left out
 * unless the client asked for them.
 */
package dev.fapikit.policies.idtoken;
