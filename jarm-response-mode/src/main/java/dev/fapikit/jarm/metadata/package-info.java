/** Authorization server metadata for RFC 9701 §7, contributed to FAPI Kit's well-known documents. */
package dev.fapikit.jarm.metadata;
