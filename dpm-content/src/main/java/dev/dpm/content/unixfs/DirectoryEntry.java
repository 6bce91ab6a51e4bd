package dev.dpm.content.unixfs;

import dev.dpm.content.Cid;

/** One link of a UnixFS directory: the child's name, CID and cumulative size (Tsize, -1 if absent). */
public record DirectoryEntry(String name, Cid cid, long tsize) {
}
