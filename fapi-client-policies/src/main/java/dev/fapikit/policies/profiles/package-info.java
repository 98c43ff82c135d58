/**
 * FAPI Kit's complete client profiles as global profiles of every realm, without a server option: a
 * {@code security-profile} provider that adds them to the profiles of Keycloak's own security profile, and a
 * {@code client-policy-manager} that lets a realm file which still declares a copy of one of them import.
 */
package dev.fapikit.policies.profiles;
