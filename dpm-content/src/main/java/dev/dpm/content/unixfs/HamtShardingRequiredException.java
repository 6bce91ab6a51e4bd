package dev.dpm.content.unixfs;

import dev.dpm.content.ContentException;

/**
 * A directory too large for a single block: IPFS would shard it as a HAMT, which dpm does not
 * support yet. {@link #directory()} names it.
 */
public final class HamtShardingRequiredException extends ContentException {
    private final String directory;

    public HamtShardingRequiredException(String directory, long estimatedSize) {
        super("directory " + directory + " is too large for one block (" + estimatedSize
                + " bytes estimated, limit " + ImportProfile.SHARD_THRESHOLD
                + "): HAMT sharding not supported");
        this.directory = directory;
    }

    public String directory() {
        return directory;
    }
}
