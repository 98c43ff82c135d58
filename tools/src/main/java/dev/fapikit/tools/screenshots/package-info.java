/**
 * {@code docs/screenshots.sh}: starts a FAPI Kit node with the demo realms, drives Debian's headless Chromium through
 * Selenium over every admin-console screen and option the administrator's guide names
 * ({@code docs/screenshots/manifest.json}), fails listing what is missing, and writes the guide's screenshots into
 * {@code docs/images/}. Not part of {@code ./mvnw verify} (CI machines have no Chromium).
 */
package dev.fapikit.tools.screenshots;
