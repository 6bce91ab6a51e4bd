package dev.dpm.core.install;

import dev.dpm.core.DpmException;
import java.nio.file.Path;

/** Another process (or another transaction of this one) holds the root's lock. */
public final class LockHeldException extends DpmException {
    private final Path lockFile;
    private final long holderPid;

    public LockHeldException(Path lockFile, long holderPid) {
        super("another dpm process " + (holderPid > 0 ? "(pid " + holderPid + ") " : "(pid unknown) ")
                + "holds the lock " + lockFile + "; wait for it to finish");
        this.lockFile = lockFile;
        this.holderPid = holderPid;
    }

    /** The lock file. */
    public Path lockFile() {
        return lockFile;
    }

    /** The pid written by the holder, or -1 when it could not be read. */
    public long holderPid() {
        return holderPid;
    }
}
