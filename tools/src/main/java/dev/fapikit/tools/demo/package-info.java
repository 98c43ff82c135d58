/** The guided demo ({@code docker/demo.sh}): every FAPI Kit flow played as real clients against the local server. */
package dev.fapikit.tools.demo;
