package dev.dpm.content.unixfs;

import dev.dpm.content.Cid;

/**
 * What an import produced: the root CID, the content's size in bytes (file data; for a directory
 * the sum of its files), the cumulative DAG size (the root's Tsize: every block's bytes) and the
 * number of blocks produced (duplicates counted each time).
 */
public record ImportResult(Cid root, long contentSize, long dagSize, long blocks) {
}
