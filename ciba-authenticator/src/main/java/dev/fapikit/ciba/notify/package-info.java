/** Telling the user about a pending CIBA request: e-mail, webhook JWS, and the outbound URL guard. */
package dev.fapikit.ciba.notify;
