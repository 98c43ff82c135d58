/** Bases of the FAPI Kit client-policy executors, conditions and their factories. */
package dev.fapikit.core.policy;
