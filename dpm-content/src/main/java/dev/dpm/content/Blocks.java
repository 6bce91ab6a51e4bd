package dev.dpm.content;

/** Checks shared by the blockstore implementations. */
final class Blocks {
    private Blocks() {
    }

    static void check(Cid cid, byte[] block) throws ContentException {
        if (block.length > Blockstore.MAX_BLOCK_SIZE) {
            throw new BlockTooLargeException(cid, block.length);
        }
        if (!cid.matches(block)) {
            throw new BlockMismatchException(cid, cid.multihash().rehash(block), null);
        }
    }
}
