package dev.dpm.core;

/**
 * Root of dpm-core's failures (manifests, versions, resolution, the local database, transactions,
 * the installer). Subclasses carry the concrete thing at fault (file, package, field, lock); the
 * message is one line a person can act on. Checked, so every caller decides what a failure means.
 */
public class DpmException extends Exception {
    public DpmException(String message) {
        super(message);
    }

    public DpmException(String message, Throwable cause) {
        super(message, cause);
    }
}
