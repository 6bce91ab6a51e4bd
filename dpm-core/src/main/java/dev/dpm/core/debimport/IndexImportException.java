package dev.dpm.core.debimport;

import dev.dpm.core.DpmException;

/**
 * An index import that could not go on: the chain refused or failed (the message names the batch and
 * the endpoint's or the contract's words), or the checkpoint file could not be written. What was
 * confirmed before the failure stays recorded; running the import again resumes.
 */
public final class IndexImportException extends DpmException {
    private static final long serialVersionUID = 1L;

    public IndexImportException(String message, Throwable cause) {
        super(message, cause);
    }

    public IndexImportException(String message) {
        super(message);
    }
}
