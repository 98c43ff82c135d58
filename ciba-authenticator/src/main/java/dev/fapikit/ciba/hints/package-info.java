/** CIBA Core 1.0 §7.1 user hints (login_hint, login_hint_token with RFC 9493 subject identifiers, id_token_hint). */
package dev.fapikit.ciba.hints;
