/** CIBA Core 1.0 §7.1 user_code: the hashed credential, the required action that sets it, and its check. */
package dev.fapikit.ciba.usercode;
