package dev.dpm.content.unixfs;

import dev.dpm.content.Cid;

/**
 * What a UnixFS root is: its type, its content size (file bytes; 0 for directories, target length
 * for symlinks) and its permission bits if recorded ({@code null} when absent).
 */
public record UnixfsNode(Cid cid, UnixfsData.Type type, long size, Integer mode) {
}
