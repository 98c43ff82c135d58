/** Names of the details FAPI Kit's CIBA steps add to Keycloak events; every CIBA package may use them (it depends on none). */
package dev.fapikit.ciba.events;
