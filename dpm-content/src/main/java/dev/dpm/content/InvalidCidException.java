package dev.dpm.content;

/** A string or byte sequence that is not a CID dpm understands; {@link #input()} is the offender. */
public final class InvalidCidException extends ContentException {
    private final String input;

    public InvalidCidException(String input, String reason) {
        super("invalid CID '" + input + "': " + reason);
        this.input = input;
    }

    /** The rejected text (byte input is shown in hex). */
    public String input() {
        return input;
    }
}
