package dev.dpm.core.install;

import dev.dpm.content.Blockstore;
import dev.dpm.content.Cid;
import dev.dpm.content.ContentException;
import dev.dpm.content.unixfs.DirectoryEntry;
import dev.dpm.content.unixfs.UnixfsReader;
import dev.dpm.core.DpmException;
import dev.dpm.core.manifest.FileEntry;
import java.io.IOException;
import java.io.OutputStream;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A package's content read from its UnixFS payload directory in a local blockstore (every block
 * re-hashed against its CID by {@link UnixfsReader}). The blocks must already be there (fetched by
 * the caller); a missing one fails the staging of that file, before anything is installed.
 * Not thread-safe (caches directory listings).
 */
public final class BlockstorePackageContent implements PackageContent {
    private final UnixfsReader reader;
    private final Cid payload;
    private final String packageName;
    private final Map<String, Map<String, Cid>> listings = new HashMap<>();

    /**
     * @param store the local blockstore holding the payload's blocks
     * @param payload the manifest's payload CID (a UnixFS directory)
     * @param packageName for messages
     */
    public BlockstorePackageContent(Blockstore store, Cid payload, String packageName) {
        this.reader = new UnixfsReader(store);
        this.payload = payload;
        this.packageName = packageName;
    }

    @Override
    public void copyTo(FileEntry entry, OutputStream out) throws IOException, DpmException {
        try {
            reader.copyTo(resolve(entry.path()), out);
        } catch (ContentException e) {
            throw new TransactionException(packageName + ": " + entry.path() + ": cannot read the payload "
                    + payload + ": " + e.getMessage(), e);
        }
    }

    private Cid resolve(String path) throws ContentException, DpmException {
        Cid dir = payload;
        String dirPath = "";
        String[] parts = path.split("/");
        for (int i = 0; i < parts.length; i++) {
            Map<String, Cid> listing = listing(dirPath, dir);
            Cid child = listing.get(parts[i]);
            if (child == null) {
                throw new TransactionException(packageName + ": " + path + " is not in the payload " + payload);
            }
            dir = child;
            dirPath = dirPath.isEmpty() ? parts[i] : dirPath + "/" + parts[i];
        }
        return dir;
    }

    private Map<String, Cid> listing(String dirPath, Cid dir) throws ContentException {
        Map<String, Cid> cached = listings.get(dirPath);
        if (cached != null) {
            return cached;
        }
        List<DirectoryEntry> entries = reader.list(dir);
        Map<String, Cid> map = new HashMap<>();
        for (DirectoryEntry e : entries) {
            map.put(e.name(), e.cid());
        }
        listings.put(dirPath, map);
        return map;
    }
}
