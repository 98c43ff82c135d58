/** The FAPI Kit authentication device as Keycloak's CIBA authentication channel ({@code ciba-auth-channel} SPI, id {@code fapi-kit-device}); CIBA Core 1.0 §7. */
package dev.fapikit.ciba.channel;
