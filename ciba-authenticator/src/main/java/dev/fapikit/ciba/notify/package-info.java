/** Telling the user about a pending CIBA request: e-mail and webhook JWS (the HTTP client and guard come from {@code delivery}). */
package dev.fapikit.ciba.notify;
