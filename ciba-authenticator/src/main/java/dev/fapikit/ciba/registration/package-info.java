/** CIBA push registration: Keycloak's client validation with push and a guarded notification endpoint, and the discovery entry (CIBA Core 1.0 §4). */
package dev.fapikit.ciba.registration;
