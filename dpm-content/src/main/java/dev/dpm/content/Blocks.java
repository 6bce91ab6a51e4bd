package dev.dpm.content;

/** Checks shared by the blockstore implementations. */
final class Blocks {
    static void checkSize(Cid cid, byte[] block) throws BlockTooLargeException {
        if (block.length > Blockstore.MAX_BLOCK_SIZE) {
            throw new BlockTooLargeException(cid, block.length);
        }
    }

    private Blocks() {
    }

    static void check(Cid cid, byte[] block) throws ContentException {
        checkSize(cid, block);
        if (!cid.matches(block)) {
            throw new BlockMismatchException(cid, cid.multihash().rehash(block), null);
        }
    }
}
