package dev.dpm.core.pm;

import dev.dpm.content.Blockstore;
import dev.dpm.content.Cid;
import dev.dpm.content.ContentException;
import dev.dpm.content.unixfs.DirectoryEntry;
import dev.dpm.content.unixfs.UnixfsReader;
import dev.dpm.core.DpmException;
import dev.dpm.core.install.PackageContent;
import dev.dpm.core.manifest.FileEntry;
import java.io.IOException;
import java.io.OutputStream;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A payload read from a local blockstore: the UnixFS directory {@code payload}, walked by path, each file
 * exported through {@link UnixfsReader} (every block re-hashed as it is read). The installer checks each
 * file's size and SHA-256 against the manifest on top. Thread-safe if the blockstore is.
 */
public final class BlockstorePackageContent implements PackageContent {
    private final UnixfsReader reader;
    private final Cid payload;
    private final String release;
    private final Map<Cid, Map<String, Cid>> listings = new HashMap<>();

    public BlockstorePackageContent(Blockstore store, Cid payload, String release) {
        this.reader = new UnixfsReader(store);
        this.payload = payload;
        this.release = release;
    }

    @Override
    public void copyTo(FileEntry entry, OutputStream out) throws IOException, DpmException {
        try {
            reader.copyTo(resolve(entry.path()), out);
        } catch (ContentException e) {
            throw new DpmException("cannot read " + entry.path() + " of " + release + " from payload " + payload
                    + ": " + e.getMessage(), e);
        }
    }

    private Cid resolve(String path) throws ContentException, DpmException {
        Cid at = payload;
        for (String part : path.split("/")) {
            Map<String, Cid> entries = listing(at);
            Cid next = entries.get(part);
            if (next == null) {
                throw new DpmException("payload " + payload + " of " + release + " has no " + path
                        + " (the manifest lists it)");
            }
            at = next;
        }
        return at;
    }

    private synchronized Map<String, Cid> listing(Cid dir) throws ContentException {
        Map<String, Cid> m = listings.get(dir);
        if (m == null) {
            m = new HashMap<>();
            List<DirectoryEntry> entries = reader.list(dir);
            for (DirectoryEntry e : entries) {
                m.put(e.name(), e.cid());
            }
            listings.put(dir, m);
        }
        return m;
    }
}
