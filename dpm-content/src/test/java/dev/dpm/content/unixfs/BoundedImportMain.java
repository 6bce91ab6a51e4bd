package dev.dpm.content.unixfs;

import dev.dpm.content.FileBlockstore;
import java.nio.file.Path;

/** Child process for {@link LargeImportIT}: imports n pattern bytes into a FileBlockstore, prints the CID. */
public final class BoundedImportMain {
    private BoundedImportMain() {
    }

    public static void main(String[] args) throws Exception {
        FileBlockstore store = FileBlockstore.open(Path.of(args[0]));
        long n = Long.parseLong(args[1]);
        ImportResult r = UnixfsImporter.builder().profile(ImportProfile.byId(args[2])).blockstore(store).build()
                .importStream(new PatternInputStream(n));
        System.out.println(r.root() + " " + r.dagSize() + " " + Runtime.getRuntime().maxMemory());
    }
}
