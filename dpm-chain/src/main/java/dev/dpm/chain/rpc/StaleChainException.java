package dev.dpm.chain.rpc;

import dev.dpm.chain.ChainException;
import java.net.URI;
import java.time.Duration;

/**
 * Freeze protection: an endpoint's chain head is older than the configured freshness window, so the
 * endpoint (or the chain) may be hiding newer state such as a yank.
 */
public final class StaleChainException extends ChainException {
    private final URI endpoint;
    private final long headNumber;
    private final Duration age;
    private final Duration window;

    public StaleChainException(URI endpoint, long headNumber, Duration age, Duration window) {
        super("RPC endpoint " + endpoint + ": chain head " + headNumber + " is " + age.toSeconds()
                + " s old, older than the freshness window of " + window.toSeconds() + " s (frozen or stale)");
        this.endpoint = endpoint;
        this.headNumber = headNumber;
        this.age = age;
        this.window = window;
    }

    public URI endpoint() {
        return endpoint;
    }

    public long headNumber() {
        return headNumber;
    }

    public Duration age() {
        return age;
    }

    public Duration window() {
        return window;
    }
}
