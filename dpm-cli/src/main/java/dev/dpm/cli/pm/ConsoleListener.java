package dev.dpm.cli.pm;

import dev.dpm.chain.rpc.HeaderWalkListener;
import dev.dpm.cli.HeaderWalkProgress;
import dev.dpm.content.Cid;
import dev.dpm.core.install.RecoveryReport;
import dev.dpm.core.install.TransactionStep;
import dev.dpm.core.index.SyncReport;
import dev.dpm.core.pm.PackageManagerListener;
import dev.dpm.core.publish.PublishListener;
import dev.dpm.storage.FetchProgress;
import dev.dpm.storage.FetchSummary;
import dev.dpm.storage.Peer;
import dev.dpm.storage.PeerFault;
import java.io.PrintWriter;
import java.util.Locale;

/**
 * Prints progress as plain lines (readable in logs and CI): sync (the event scan at most one line every
 * 2 s, and one when it ends), downloads (at most one line a second
 * per package while it runs, one when it ends), transaction steps, recovery. Thread-safe.
 */
final class ConsoleListener implements PackageManagerListener, PublishListener, HeaderWalkListener {
    private final PrintWriter out;
    private final HeaderWalkProgress headerWalk;
    private long lastFetchLine;
    private long lastScanLine;

    ConsoleListener(PrintWriter out) {
        this.out = out;
        this.headerWalk = new HeaderWalkProgress(out);
    }

    /** A client catching up after a long absence: the header walk before the first read. */
    @Override
    public void linking(long fromBlock, long toBlock, long linked) {
        headerWalk.linking(fromBlock, toBlock, linked);
    }

    private synchronized void line(String s) {
        out.println(s);
        out.flush();
    }

    // ---- sync -------------------------------------------------------------------------------------

    @Override
    public void started(long fromBlock, long head) {
        if (fromBlock > head) {
            line("update: index is at block " + head + ", nothing new");
        } else {
            line("update: reading registry events from block " + fromBlock + " to " + head + " ("
                    + (head - fromBlock + 1) + " blocks)");
        }
    }

    @Override
    public void reorganised(SyncReport.Reorganisation r) {
        line("update: " + r.describe() + "; rebuilding the index from the registry's first block");
    }

    @Override
    public void scanning(long blocksScanned, long blocksTotal, int eventsSoFar) {
        if (blocksScanned <= 0) {
            return;
        }
        // one line per window would flood a log on a long first sync: at most one every 2 s, and the last
        long now = System.nanoTime();
        synchronized (this) {
            if (blocksScanned < blocksTotal && lastScanLine != 0 && now - lastScanLine < 2_000_000_000L) {
                return;
            }
            lastScanLine = now;
        }
        line("update: scanned " + blocksScanned + "/" + blocksTotal + " blocks, " + eventsSoFar + " events");
    }

    @Override
    public void progress(int done, int total, long block) {
        line("update: applied " + done + "/" + total + " events (block " + block + ")");
    }

    @Override
    public void releaseRejected(String release, String why) {
        line("update: left out " + release + ": " + why);
    }

    // ---- fetch ------------------------------------------------------------------------------------

    @Override
    public void fetchStarted(String release, Cid payload, long bytes, int index, int total) {
        line("fetch " + index + "/" + total + " " + release + " (" + size(bytes) + ", " + payload + ")");
    }

    @Override
    public void fetchProgress(String release, FetchProgress p) {
        long now = System.nanoTime();
        synchronized (this) {
            if (now - lastFetchLine < 1_000_000_000L) {
                return;
            }
            lastFetchLine = now;
        }
        line("  " + release + ": " + size(p.bytesFetched()) + " at " + size((long) p.bytesPerSecond()) + "/s from "
                + p.activePeers() + " peers");
    }

    @Override
    public void fetchFinished(String release, FetchSummary s) {
        line("  " + release + ": " + s.blocks() + " blocks verified (" + s.blocksLocal() + " already local), "
                + size(s.bytesFetched()) + " fetched in " + String.format(Locale.ROOT, "%.2f", s.elapsed().toNanos() / 1e9)
                + " s from " + s.bytesByPeer().size() + " peers");
    }

    @Override
    public void peerDropped(Peer peer, PeerFault fault, String reason) {
        line("  dropped peer " + peer + " (" + fault + "): " + reason);
    }

    // ---- transaction ------------------------------------------------------------------------------

    @Override
    public void recovered(RecoveryReport report) {
        line("dpm: " + report.describe());
    }

    @Override
    public void stepStarted(TransactionStep step) {
        switch (step) {
            case PREPARE -> line("checking file conflicts and disk space");
            case STAGE -> line("staging and verifying files");
            case APPLY -> line("installing into place");
            default -> {
            }
        }
    }

    // ---- publish ----------------------------------------------------------------------------------

    @Override
    public void payloadImported(String release, Cid payload, int files, long bytes) {
        line("publish " + release + ": added " + files + " entries (" + size(bytes) + ") as " + payload);
    }

    @Override
    public void manifestStored(String release, Cid manifestCid, int manifestBytes) {
        line("publish " + release + ": manifest " + manifestCid + " (" + manifestBytes + " bytes), pinned");
    }

    @Override
    public void sending(String release) {
        line("publish " + release + ": registering on chain");
    }

    static String size(long bytes) {
        if (bytes < 1024) {
            return bytes + " B";
        }
        if (bytes < 1024 * 1024) {
            return String.format(Locale.ROOT, "%.1f KiB", bytes / 1024.0);
        }
        return String.format(Locale.ROOT, "%.1f MiB", bytes / (1024.0 * 1024));
    }
}
