/** Client-policy conditions that let a FAPI policy target the clients it means: CIBA clients, clients by authentication method. */
package dev.fapikit.policies.condition;
