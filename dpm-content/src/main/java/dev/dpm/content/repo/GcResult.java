package dev.dpm.content.repo;

/** What a garbage collection removed. */
public record GcResult(long removedBlocks, long removedBytes) {
}
