package dev.dpm.core.install;

import dev.dpm.core.DpmException;
import java.nio.file.Path;

/** Another process (or another transaction of this one) holds the root's lock. */
public final class LockHeldException extends DpmException {
    private final Path lockFile;
    private final long holderPid;

    public LockHeldException(Path lockFile, long holderPid) {
        super(holder(holderPid) + " holds the lock " + lockFile + "; wait for it to finish");
        this.lockFile = lockFile;
        this.holderPid = holderPid;
    }

    private static String holder(long pid) {
        if (pid == ProcessHandle.current().pid()) {
            return "another transaction of this process (pid " + pid + ")";
        }
        return "another dpm process " + (pid > 0 ? "(pid " + pid + ")" : "(pid unknown)");
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
