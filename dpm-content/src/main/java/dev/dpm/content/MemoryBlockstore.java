package dev.dpm.content;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** A {@link Blockstore} in memory, for tests and {@code --only-hash} style dry runs. Thread-safe. */
public final class MemoryBlockstore implements Blockstore {
    private final Map<Multihash, byte[]> blocks = new ConcurrentHashMap<>();

    @Override
    public boolean has(Cid cid) {
        return cid.isIdentity() || blocks.containsKey(cid.multihash());
    }

    @Override
    public Optional<byte[]> get(Cid cid) {
        if (cid.isIdentity()) {
            return Optional.of(cid.identityBlock());
        }
        byte[] b = blocks.get(cid.multihash());
        return b == null ? Optional.empty() : Optional.of(b.clone());
    }

    @Override
    public void put(Cid cid, byte[] block) throws ContentException {
        Blocks.check(cid, block);
        if (!cid.isIdentity()) {
            blocks.putIfAbsent(cid.multihash(), block.clone());
        }
    }

    @Override
    public long size(Cid cid) {
        if (cid.isIdentity()) {
            return cid.identityBlock().length;
        }
        byte[] b = blocks.get(cid.multihash());
        return b == null ? -1 : b.length;
    }

    @Override
    public boolean delete(Cid cid) {
        return !cid.isIdentity() && blocks.remove(cid.multihash()) != null;
    }

    @Override
    public List<Cid> allCids() {
        List<Cid> out = new ArrayList<>(blocks.size());
        for (Multihash mh : blocks.keySet()) {
            out.add(Cid.v1(Cid.RAW, mh));
        }
        return out;
    }

    @Override
    public BlockstoreStats stat() {
        long bytes = 0;
        long n = 0;
        for (byte[] b : blocks.values()) {
            n++;
            bytes += b.length;
        }
        return new BlockstoreStats(n, bytes);
    }
}
