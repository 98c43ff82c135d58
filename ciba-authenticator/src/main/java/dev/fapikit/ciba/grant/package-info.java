/** Same-id override of the CIBA grant (CIBA Core 1.0 §10): results at once after the decision, one first consent, push-mode minting. */
package dev.fapikit.ciba.grant;
