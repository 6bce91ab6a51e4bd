package dev.dpm.content.repo;

import dev.dpm.content.Cid;
import dev.dpm.content.FileBlockstore;
import java.nio.file.Path;
import java.util.Random;

/** Child process for {@link RepoCrashIT}: writes random blocks into a FileBlockstore until killed. */
public final class BlockWriterMain {
    private BlockWriterMain() {
    }

    public static void main(String[] args) throws Exception {
        FileBlockstore store = FileBlockstore.open(Path.of(args[0]));
        Random random = new Random(Long.parseLong(args[1]));
        for (long i = 0; ; i++) {
            byte[] block = new byte[1 + random.nextInt(1 << 20)];
            random.nextBytes(block);
            store.put(Cid.raw(block), block);
            if (i == 2) {
                System.out.println("writing");
                System.out.flush();
            }
        }
    }
}
