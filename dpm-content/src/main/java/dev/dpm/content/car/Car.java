package dev.dpm.content.car;

import dev.dpm.content.Blockstore;
import dev.dpm.content.Cid;
import dev.dpm.content.ContentException;
import dev.dpm.content.DagWalker;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.List;

/** Moving whole DAGs between a {@link Blockstore} and CARv1 streams. */
public final class Car {
    private Car() {
    }

    /** Result of reading a CAR into a blockstore. */
    public record ImportSummary(List<Cid> roots, long blocks, long bytes) {
    }

    /**
     * Writes the DAG under {@code root} as a CAR with that single root, blocks in depth-first
     * pre-order, each once.
     *
     * @throws dev.dpm.content.MissingBlockException if the DAG is not complete in the store
     * @return the number of blocks written
     */
    public static long export(Blockstore store, Cid root, OutputStream out) throws ContentException, IOException {
        CarWriter w = new CarWriter(out, List.of(root));
        long[] n = new long[1];
        try {
            DagWalker.walk(store, root, (cid, block) -> {
                try {
                    w.write(cid, block);
                } catch (IOException e) {
                    throw new WrappedIo(e);
                }
                n[0]++;
            });
        } catch (WrappedIo e) {
            throw e.io;
        }
        w.flush();
        return n[0];
    }

    /**
     * Reads every block of a CAR into {@code store}, verifying each.
     *
     * @param source names the CAR in errors
     */
    public static ImportSummary importCar(InputStream in, String source, Blockstore store)
            throws ContentException, IOException {
        CarReader r = new CarReader(in, source);
        long blocks = 0;
        long bytes = 0;
        for (CarReader.Block b = r.next(); b != null; b = r.next()) {
            store.put(b.cid(), b.data());
            blocks++;
            bytes += b.data().length;
        }
        store.sync(); // the imported blocks are durable before the roots are reported (and pinned)
        return new ImportSummary(r.roots(), blocks, bytes);
    }

    /** Carries an IOException through the walker's visitor (which may only throw ContentException). */
    private static final class WrappedIo extends ContentException {
        final IOException io;

        WrappedIo(IOException io) {
            super(io.getMessage(), io);
            this.io = io;
        }
    }
}
