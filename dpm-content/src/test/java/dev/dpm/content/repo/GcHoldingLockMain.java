package dev.dpm.content.repo;

import dev.dpm.content.Cid;
import dev.dpm.content.FileBlockstore;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashSet;
import java.util.Set;

/**
 * Child process for {@link RepoPinRaceIT}: another dpm process collecting garbage. It takes the
 * repo's lock as {@link Repo#gc} does, says "locked", and on a line from its input deletes every
 * block that is not a pin (the test's DAG is one pinned root or nothing), then releases the lock.
 */
public final class GcHoldingLockMain {
    private GcHoldingLockMain() {
    }

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        try (FileChannel lock = FileChannel.open(dir.resolve("repo.lock"), StandardOpenOption.CREATE,
                StandardOpenOption.WRITE)) {
            lock.lock();
            System.out.println("locked");
            System.out.flush();
            new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
            Set<Cid> pinned = new HashSet<>(Repo.open(dir).pins());
            FileBlockstore blocks = FileBlockstore.open(dir.resolve("blocks"));
            int n = 0;
            for (Cid c : blocks.allCids()) {
                boolean live = pinned.stream().anyMatch(p -> p.multihash().equals(c.multihash()));
                if (!live && blocks.delete(c)) {
                    n++;
                }
            }
            System.out.println("collected " + n);
            System.out.flush();
        }
    }
}
