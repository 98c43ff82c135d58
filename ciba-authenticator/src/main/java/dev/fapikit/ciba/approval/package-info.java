/** Pending CIBA approvals in Keycloak's single-use store, their decision through Keycloak's device-code path, and the approval page; CIBA Core 1.0 §7-§10. */
package dev.fapikit.ciba.approval;
