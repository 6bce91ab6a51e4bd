package dev.dpm.core.pm;

import dev.dpm.core.db.LocalDatabase;
import dev.dpm.core.db.ReleaseRecord;
import dev.dpm.core.manifest.Manifest;
import java.nio.file.Path;

/** Writes releases straight into a root's index, as {@code dpm update} would after reading the registry. */
final class TestIndex {
    private TestIndex() {
    }

    /** Records {@code m} as published in {@code block} (a fake publisher and transaction), not yanked. */
    static void put(Path root, Manifest m, long block) throws Exception {
        ReleaseRecord r = new ReleaseRecord(m.name(), m.version().toString(), m.cid().toString(), m.toCanonicalBytes(),
                m.description(), "0xpub", block, "0xtx" + block, 0, false, -1);
        try (LocalDatabase db = LocalDatabase.open(root)) {
            db.write(w -> {
                w.index().putRelease(r);
                return null;
            });
        }
    }
}
