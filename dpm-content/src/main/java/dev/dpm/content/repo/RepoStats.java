package dev.dpm.content.repo;

/**
 * Size of a repo: all blocks and their bytes; the distinct blocks reachable from pins and their
 * bytes; the number of pins.
 */
public record RepoStats(long blocks, long bytes, long pinnedBlocks, long pinnedBytes, long pins) {
}
