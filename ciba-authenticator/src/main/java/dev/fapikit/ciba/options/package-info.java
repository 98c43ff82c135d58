/** The server options of the CIBA providers, declared as data ({@code --spi-<spi>--<provider>--<option>}). */
package dev.fapikit.ciba.options;
