package dev.dpm.chain.devnet;

import dev.dpm.chain.ChainException;

/** The devnet could not be started, reached or stopped (names the file, process or endpoint). */
public class DevnetException extends ChainException {
    public DevnetException(String message) {
        super(message);
    }

    public DevnetException(String message, Throwable cause) {
        super(message, cause);
    }
}
