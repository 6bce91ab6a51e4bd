package dev.dpm.content;

/** Size of a blockstore: how many blocks and how many bytes of block data. */
public record BlockstoreStats(long blocks, long bytes) {
}
