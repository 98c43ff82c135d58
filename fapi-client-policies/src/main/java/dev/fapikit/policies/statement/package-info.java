/**
 * Software statements in dynamic client registration (RFC 7591 §2.3, §3.1.1, §3.2.2; RFC 7592): the
 * {@code fapi-kit-software-statement} client-policy executor holds a realm's trusted directories (issuer, and an inline
 * JWKS or a JWKS URL fetched through the outbound guard into Keycloak's public-key cache) and allowed algorithms,
 * verifies the statement the registration endpoint kept for the request, and makes a statement mandatory for every
 * dynamic registration its profile applies to.
 */
package dev.fapikit.policies.statement;
