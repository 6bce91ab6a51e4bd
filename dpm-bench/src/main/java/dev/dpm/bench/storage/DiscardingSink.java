package dev.dpm.bench.storage;

import dev.dpm.content.BlockMismatchException;
import dev.dpm.content.BlockTooLargeException;
import dev.dpm.content.Blockstore;
import dev.dpm.content.BlockstoreStats;
import dev.dpm.content.Cid;
import dev.dpm.content.ContentException;
import dev.dpm.content.Multihash;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * A blockstore for download benchmarks, the {@code /dev/null} of a fetch: it keeps only dag-pb
 * nodes (the fetcher follows links from the bytes it received) and drops raw leaves, so a 1 GiB
 * download measures transfer and verification, not heap or disk. Verification is the fetcher's,
 * as with a real store: it hashes every block while receiving it and hands over only blocks equal
 * to their CID ({@link #putVerified}); {@code put} verifies like the real stores. Not a real store:
 * {@code get} of a dropped leaf answers empty.
 */
final class DiscardingSink implements Blockstore {
    private final Map<Multihash, byte[]> nodes = new ConcurrentHashMap<>();
    private final Map<Multihash, Boolean> seen = new ConcurrentHashMap<>();
    final LongAdder bytes = new LongAdder();
    final LongAdder verified = new LongAdder();

    @Override
    public boolean has(Cid cid) {
        return cid.isIdentity() || seen.containsKey(cid.multihash());
    }

    @Override
    public Optional<byte[]> get(Cid cid) {
        return Optional.ofNullable(nodes.get(cid.multihash()));
    }

    @Override
    public void put(Cid cid, byte[] block) throws ContentException {
        if (block.length > MAX_BLOCK_SIZE) {
            throw new BlockTooLargeException(cid, block.length);
        }
        if (!cid.matches(block)) {
            throw new BlockMismatchException(cid, cid.multihash().rehash(block), null);
        }
        verified.increment();
        bytes.add(block.length);
        if (cid.codec() == Cid.DAG_PB) {
            nodes.put(cid.multihash(), block);
        }
        seen.put(cid.multihash(), Boolean.TRUE);
    }

    @Override
    public void putVerified(Cid cid, ByteBuffer block) throws ContentException {
        if (block.remaining() > MAX_BLOCK_SIZE) {
            throw new BlockTooLargeException(cid, block.remaining());
        }
        if (cid.codec() == Cid.DAG_PB) {
            byte[] node = new byte[block.remaining()];
            block.get(block.position(), node);
            nodes.put(cid.multihash(), node);
        }
        verified.increment();
        bytes.add(block.remaining());
        seen.put(cid.multihash(), Boolean.TRUE);
    }

    @Override
    public long size(Cid cid) {
        byte[] b = nodes.get(cid.multihash());
        return b == null ? -1 : b.length;
    }

    @Override
    public boolean delete(Cid cid) {
        seen.remove(cid.multihash());
        return nodes.remove(cid.multihash()) != null;
    }

    @Override
    public List<Cid> allCids() {
        return List.of();
    }

    @Override
    public BlockstoreStats stat() {
        return new BlockstoreStats(verified.sum(), bytes.sum());
    }
}
