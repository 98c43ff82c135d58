/** The authenticator-app API: list and decide a user's pending CIBA requests with a bearer token. */
package dev.fapikit.ciba.app;
