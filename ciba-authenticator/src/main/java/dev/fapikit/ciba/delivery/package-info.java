/** Safe, once-only delivery of CIBA ping and push notifications to client notification endpoints (CIBA Core 1.0 §10.2, §10.3, §12). */
package dev.fapikit.ciba.delivery;
