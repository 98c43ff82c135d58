/** Same-id override of the {@code ciba} OIDC extension (backchannel authentication endpoint, CIBA Core 1.0 §7) and the realm resource serving the device. */
package dev.fapikit.ciba.endpoint;
