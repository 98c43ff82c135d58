package dev.fapikit.ciba.hints;

/** A hint the backchannel endpoint refuses, with the CIBA Core 1.0 §13 error code to answer. */
public final class HintException extends RuntimeException {

    private final String error;

    public HintException(String error, String description) {
        super(description);
        this.error = error;
    }

    public String error() {
        return error;
    }
}
