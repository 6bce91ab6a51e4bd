package dev.dpm.content;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A blockstore that hands every call to another; a subclass overrides the calls it watches or
 * alters (tests inject failures this way, a tool may count writes).
 *
 * <p>{@link #putComputed} and {@link #putVerified} are deliberately not forwarded: they keep the
 * interface's defaults, which end in {@link #put}, so an override of {@code put} sees every write
 * whichever way it was made (the delegate then verifies the bytes once more).
 */
public class ForwardingBlockstore implements Blockstore {
    private final Blockstore delegate;

    public ForwardingBlockstore(Blockstore delegate) {
        this.delegate = Objects.requireNonNull(delegate, "delegate");
    }

    /** The store every call goes to. */
    protected final Blockstore delegate() {
        return delegate;
    }

    @Override
    public boolean has(Cid cid) throws BlockstoreException {
        return delegate.has(cid);
    }

    @Override
    public Optional<byte[]> get(Cid cid) throws BlockstoreException {
        return delegate.get(cid);
    }

    @Override
    public void put(Cid cid, byte[] block) throws ContentException {
        delegate.put(cid, block);
    }

    @Override
    public void sync() throws BlockstoreException {
        delegate.sync();
    }

    @Override
    public long size(Cid cid) throws BlockstoreException {
        return delegate.size(cid);
    }

    @Override
    public boolean delete(Cid cid) throws BlockstoreException {
        return delegate.delete(cid);
    }

    @Override
    public List<Cid> allCids() throws BlockstoreException {
        return delegate.allCids();
    }

    @Override
    public BlockstoreStats stat() throws BlockstoreException {
        return delegate.stat();
    }
}
