package dev.dpm.cli;

import dev.dpm.chain.rpc.HeaderWalkListener;
import java.io.PrintWriter;
import java.util.Locale;

/**
 * Shows a long walk of block headers, which is what a client that was away for a long time does
 * before its first read (every header since the last block it trusted is re-hashed and linked):
 * a line when the walk starts, then at most one every 2 s, and one at the end. Walks shorter than
 * {@link #MIN_SHOWN} headers, the usual few blocks since the previous command, stay silent.
 */
public final class HeaderWalkProgress implements HeaderWalkListener {
    /** Walks shorter than this take well under a second: no line. */
    public static final long MIN_SHOWN = 10_000;
    private static final long INTERVAL_NANOS = 2_000_000_000L;

    private final PrintWriter out;
    private long lastLine;

    public HeaderWalkProgress(PrintWriter out) {
        this.out = out;
    }

    @Override
    public synchronized void linking(long fromBlock, long toBlock, long linked) {
        long total = toBlock - fromBlock;
        if (total < MIN_SHOWN) {
            return;
        }
        long now = System.nanoTime();
        boolean edge = linked == 0 || linked >= total;
        if (!edge && now - lastLine < INTERVAL_NANOS) {
            return;
        }
        lastLine = now;
        out.println(String.format(Locale.ROOT, "linking block headers %d..%d to the last trusted block: %,d of %,d (%.0f%%)",
                fromBlock, toBlock, linked, total, 100.0 * linked / total));
        out.flush();
    }
}
