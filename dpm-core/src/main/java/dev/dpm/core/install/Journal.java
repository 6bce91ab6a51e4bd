package dev.dpm.core.install;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;

/**
 * The write-ahead journal of one transaction: every change to the root, in apply order, each one
 * idempotent forward and backward so that recovery can replay or undo it from any crash point.
 *
 * <p>Written once (temp file, fsync, rename, fsync of the directory) before the first change to the
 * root; deleted after cleanup. Paths are relative to the root.
 *
 * @param format {@link #FORMAT}
 * @param transactionId the transaction
 * @param packages names of the packages changed (for the recovery report)
 * @param ops the changes, in apply order
 */
record Journal(@JsonProperty("format") int format, @JsonProperty("transactionId") String transactionId,
        @JsonProperty("packages") List<String> packages, @JsonProperty("ops") List<Op> ops) {
    static final int FORMAT = 1;

    private static final ObjectMapper JSON = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, true);

    /** The kinds of change. */
    enum Kind {
        /**
         * Make the existing directory {@code path} writable (owner rwx) while the transaction changes its
         * entries; undone by setting {@code mode}, its original bits (a later DIRMODE restores them).
         */
        UNLOCK,
        /** Move the existing {@code path} aside to {@code backup}. */
        REMOVE,
        /** Remove the directory {@code path} if it is empty. */
        RMDIR,
        /** Create the directory {@code path} (it did not exist when the journal was written). */
        MKDIR,
        /** Move {@code staged} to {@code path}, first moving an existing {@code path} aside to {@code backup}. */
        PUT,
        /** Set the permission bits of a directory created by this transaction to {@code mode}. */
        DIRMODE
    }

    /**
     * One change.
     *
     * @param kind what
     * @param path the path in the root
     * @param staged for PUT: the verified new file, under the staging directory
     * @param backup for REMOVE, and for PUT over an existing path: where the old one goes
     * @param mode for RMDIR (to recreate it), MKDIR and DIRMODE: permission bits
     */
    record Op(@JsonProperty("kind") Kind kind, @JsonProperty("path") String path,
            @JsonProperty("staged") String staged, @JsonProperty("backup") String backup,
            @JsonProperty("mode") int mode) {
    }

    /** Writes the journal durably to {@code file} (temp file, fsync, rename, fsync of the directory). */
    void write(Path file) throws IOException {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.write(tmp, JSON.writeValueAsBytes(this));
        FsOps.fsync(tmp);
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        FsOps.fsyncDir(file.getParent());
    }

    /** Reads a journal written by {@link #write}. */
    static Journal read(Path file) throws IOException {
        Journal j = JSON.readValue(file.toFile(), Journal.class);
        if (j.format() != FORMAT) {
            throw new IOException("unsupported journal format " + j.format() + " (this dpm writes " + FORMAT + ")");
        }
        return j;
    }
}
