/**
 * Authorization server metadata (OpenID Connect Discovery 1.0 §3, RFC 8414 §2) for FAPI Kit.
 *
 * <p>Keycloak serves one {@code well-known} provider per alias, so every FAPI Kit module that adds or corrects
 * a metadata key does it through a {@link dev.fapikit.core.metadata.MetadataContributor} (SPI
 * {@value dev.fapikit.core.metadata.MetadataContributorSpi#NAME}); the two well-known overrides in this package
 * run all contributors, in {@code order()}, over Keycloak's own document.
 */
package dev.fapikit.core.metadata;
