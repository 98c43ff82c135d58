/**
 * Request object replay: a request object's {@code jti} is accepted once for its lifetime (RFC 7519 §4.1.7; CIBA Core
 * §7.1.1 makes {@code jti} mandatory in signed authentication requests), tracked in Keycloak's single-use object store so a cluster
 * behaves like one node.
 */
package dev.fapikit.policies.replay;
