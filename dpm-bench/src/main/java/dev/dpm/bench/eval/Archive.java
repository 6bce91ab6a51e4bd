package dev.dpm.bench.eval;

import dev.dpm.content.Cid;
import dev.dpm.content.ContentException;
import dev.dpm.content.DagWalker;
import dev.dpm.content.MemoryBlockstore;
import dev.dpm.content.unixfs.UnixfsImporter;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The archive both systems serve: packages sampled uniformly (seeded) from a Debian index, each given
 * pseudo-random (incompressible, like a .deb) content of its scaled size, written as a file under the
 * mirror's document root and imported as UnixFS into {@link #source()}.
 */
public final class Archive {
    private final List<ArchivePackage> packages;
    private final MemoryBlockstore source;
    private final Path www;
    private final double scale;
    private final long clamp;

    private Archive(List<ArchivePackage> packages, MemoryBlockstore source, Path www, double scale, long clamp) {
        this.packages = List.copyOf(packages);
        this.source = source;
        this.www = www;
        this.scale = scale;
        this.clamp = clamp;
    }

    /**
     * Samples {@code count} packages and materialises them.
     *
     * @param clamp largest scaled size, bytes (bounds the run time; the few larger packages are cut to it)
     */
    public static Archive build(DebianSizes debian, int count, double scale, long clamp, long seed, Path www)
            throws IOException, ContentException {
        SplittableRandom random = new SplittableRandom(seed);
        MemoryBlockstore store = new MemoryBlockstore();
        List<ArchivePackage> out = new ArrayList<>();
        Files.createDirectories(www.resolve("pool"));
        boolean[] taken = new boolean[debian.count()];
        int want = Math.min(count, debian.count());
        while (out.size() < want) {
            int i = random.nextInt(debian.count());
            if (taken[i]) {
                continue;
            }
            taken[i] = true;
            long real = debian.sizes()[i];
            long size = Math.max(1, Math.min(clamp, Math.round(real * scale)));
            byte[] data = new byte[Math.toIntExact(size)];
            random.nextBytes(data);
            String path = "/pool/" + out.size() + "-" + debian.names().get(i) + ".deb";
            Files.write(www.resolve(path.substring(1)), data);
            Cid root = UnixfsImporter.builder().blockstore(store).build().importStream(new ByteArrayInputStream(data))
                    .root();
            long[] dag = {0};
            DagWalker.walk(store, root, (cid, block) -> dag[0] += block.length);
            out.add(new ArchivePackage(debian.names().get(i), real, size, sha256(data), root, dag[0], path));
        }
        return new Archive(out, store, www, scale, clamp);
    }

    static String sha256(byte[] data) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    public List<ArchivePackage> packages() {
        return packages;
    }

    public List<Cid> roots() {
        return packages.stream().map(ArchivePackage::root).toList();
    }

    /** Every block of every package. */
    public MemoryBlockstore source() {
        return source;
    }

    /** The mirror's document root. */
    public Path www() {
        return www;
    }

    public double scale() {
        return scale;
    }

    public long clamp() {
        return clamp;
    }

    /** Bytes of the files on the mirror: what a full mirror stores. */
    public long fileBytes() {
        return packages.stream().mapToLong(ArchivePackage::size).sum();
    }

    /** Bytes of all DAGs (the files plus UnixFS structure). */
    public long dagBytes() {
        return packages.stream().mapToLong(ArchivePackage::dagBytes).sum();
    }

    /** How many sampled packages were cut to the clamp. */
    public long clamped() {
        return packages.stream().filter(p -> Math.round(p.realSize() * scale) > clamp).count();
    }
}
