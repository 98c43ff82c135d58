/**
 * CIBA's outbound HTTP as a provider of its own ({@code fapi-kit-ciba-delivery} SPI): safe, once-only delivery of
 * CIBA ping and push notifications to client notification endpoints (CIBA Core 1.0 §10.2, §10.3, §12), push expiry
 * timers on every node, and the HTTP clients, TLS context and URL guards of the notifications and the webhook.
 * It depends on no other CIBA package but {@code events}.
 */
package dev.fapikit.ciba.delivery;
