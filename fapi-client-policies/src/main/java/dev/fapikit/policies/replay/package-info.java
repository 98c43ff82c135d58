/**
 * Request object replay: a request object's {@code jti} is accepted once for its lifetime (RFC 7519 §4.1.7, FAPI-CIBA
 * §5.2.2-6/§7.1.1, FAPI 1.0 Advanced Part 2 §5.2.2-13/-15), tracked in Keycloak's single-use object store so a cluster
 * behaves like one node.
 */
package dev.fapikit.policies.replay;
