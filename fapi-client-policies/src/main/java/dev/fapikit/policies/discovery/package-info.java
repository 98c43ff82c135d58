/**
 * Authorization server metadata that promises only what the policies accept (OpenID Connect Discovery 1.0 §3,
 * RFC 8414 §2, FAPI 2.0 Security Profile §5.3.2.1): no {@code none} request objects, and, in a realm under a FAPI Kit
 * profile, signing algorithm lists equal to the profile's allow-list.
 */
package dev.fapikit.policies.discovery;
