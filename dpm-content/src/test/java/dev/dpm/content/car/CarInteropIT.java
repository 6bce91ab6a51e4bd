package dev.dpm.content.car;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dpm.content.Cid;
import dev.dpm.content.MemoryBlockstore;
import dev.dpm.content.NodeOracle;
import dev.dpm.content.unixfs.ImportProfile;
import dev.dpm.content.unixfs.ImportResult;
import dev.dpm.content.unixfs.PatternInputStream;
import dev.dpm.content.unixfs.UnixfsImporter;
import dev.dpm.content.unixfs.UnixfsReader;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** CARs written by dpm unpack with npm ipfs-car (--verify); CARs packed by ipfs-car import into dpm. */
class CarInteropIT {
    @TempDir
    Path tmp;

    private Path tree() throws Exception {
        Path top = tmp.resolve("tree");
        Files.createDirectories(top.resolve("sub/deeper"));
        Files.writeString(top.resolve("a.txt"), "hello\n");
        Files.writeString(top.resolve("sub/deeper/b"), "bee");
        try (InputStream in = new PatternInputStream(3_000_000)) {
            Files.copy(in, top.resolve("sub/big"));
        }
        return top;
    }

    @Test
    void ipfsCarUnpacksAndVerifiesDpmCars() throws Exception {
        Path src = tree();
        for (ImportProfile profile : ImportProfile.values()) {
            MemoryBlockstore store = new MemoryBlockstore();
            ImportResult r = UnixfsImporter.builder().profile(profile).blockstore(store).build().importPath(src);
            Path car = tmp.resolve(profile.id() + ".car");
            try (OutputStream out = Files.newOutputStream(car)) {
                Car.export(store, r.root(), out);
            }
            NodeOracle.Result roots = NodeOracle.run(tmp, List.of(NodeOracle.ipfsCar().toString(), "roots", car.toString()));
            assertThat(roots.output().trim()).isEqualTo(r.root().toString());
            Path out = tmp.resolve("unpacked-" + profile.id());
            NodeOracle.Result unpack = NodeOracle.run(tmp, List.of(NodeOracle.ipfsCar().toString(), "unpack",
                    car.toString(), "--verify", "--output", out.toString()));
            assertThat(unpack.exit()).as(unpack.output()).isZero();
            assertThat(contents(out)).isEqualTo(contents(src));
        }
    }

    @Test
    void ipfsCarUnpackRejectsTamperedDpmCar() throws Exception {
        MemoryBlockstore store = new MemoryBlockstore();
        ImportResult r = UnixfsImporter.builder().blockstore(store).build().importStream(new PatternInputStream(1000));
        Path car = tmp.resolve("t.car");
        try (OutputStream out = Files.newOutputStream(car)) {
            Car.export(store, r.root(), out);
        }
        byte[] b = Files.readAllBytes(car);
        b[b.length - 1] ^= 1;
        Files.write(car, b);
        NodeOracle.Result unpack = NodeOracle.run(tmp, List.of(NodeOracle.ipfsCar().toString(), "unpack",
                car.toString(), "--verify", "--output", tmp.resolve("x").toString()));
        assertThat(unpack.exit()).isNotZero();
    }

    @Test
    void importsCarsPackedByIpfsCar() throws Exception {
        Path src = tree();
        Path car = tmp.resolve("packed.car");
        NodeOracle.Result pack = NodeOracle.run(tmp, List.of(NodeOracle.ipfsCar().toString(), "pack", src.toString(),
                "--no-wrap", "--output", car.toString()));
        assertThat(pack.exit()).as(pack.output()).isZero();
        String root = NodeOracle.run(tmp, List.of(NodeOracle.ipfsCar().toString(), "roots", car.toString()))
                .output().trim();
        MemoryBlockstore store = new MemoryBlockstore();
        Car.ImportSummary s;
        try (InputStream in = Files.newInputStream(car)) {
            s = Car.importCar(in, car.toString(), store);
        }
        assertThat(s.roots()).containsExactly(Cid.parse(root));
        Path out = tmp.resolve("exported");
        new UnixfsReader(store).export(s.roots().get(0), out);
        assertThat(contents(out)).isEqualTo(contents(src));
    }

    private static Map<String, String> contents(Path root) throws Exception {
        Map<String, String> m = new TreeMap<>();
        try (Stream<Path> s = Files.walk(root)) {
            for (Path p : s.toList()) {
                String rel = root.relativize(p).toString();
                m.put(rel, Files.isDirectory(p) ? "dir"
                        : Cid.raw(Files.readAllBytes(p)).toString());
            }
        }
        return m;
    }
}
