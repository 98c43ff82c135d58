package dev.fapikit.ciba.events;

/**
 * Why a CIBA check refused a request: the protocol answer for the client and, apart from it, the detail for the
 * server's log and event only.
 *
 * @param error       the spec's error code
 * @param description the error description the client gets
 * @param detail      why, for the log and the event; never sent to the client
 */
public record Refusal(String error, String description, String detail) {
}
