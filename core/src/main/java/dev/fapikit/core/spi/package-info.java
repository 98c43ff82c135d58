/** The bases of FAPI Kit's own SPIs and of provider factories without set-up. */
package dev.fapikit.core.spi;
