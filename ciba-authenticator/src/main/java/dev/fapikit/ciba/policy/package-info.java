/** Client-policy executor for CIBA under FAPI-CIBA: no push mode (FAPI-CIBA Security Profile §5.2.2). */
package dev.fapikit.ciba.policy;
