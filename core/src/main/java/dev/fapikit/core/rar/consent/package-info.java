/**
 * The browser's payment consent step (RFC 9396 §7: the details in a token are those the resource owner authorized): a
 * required action that shows the request's {@code authorization_details} in words after the user signed in and records
 * the user's approval as {@link dev.fapikit.core.rar.ApprovedDetails}, which the {@code payment_initiation} processor
 * requires before it lets details into a token. Depends on {@code dev.fapikit.core.rar}, never the other way round.
 */
package dev.fapikit.core.rar.consent;
