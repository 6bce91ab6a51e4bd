package dev.dpm.content.car;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dpm.content.BlockMismatchException;
import dev.dpm.content.Cid;
import dev.dpm.content.MemoryBlockstore;
import dev.dpm.content.unixfs.ImportProfile;
import dev.dpm.content.unixfs.ImportResult;
import dev.dpm.content.unixfs.PatternInputStream;
import dev.dpm.content.unixfs.UnixfsImporter;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

class CarTest {
    @Test
    void writesSpecHeader() {
        // From the CARv1 spec fixture: a header with one root and version 1.
        Cid root = Cid.raw(new byte[0]);
        byte[] h = CarWriter.header(List.of(root));
        assertThat(HexFormat.of().formatHex(h)).startsWith("a265726f6f747381d82a5825000155122");
        assertThat(HexFormat.of().formatHex(h)).endsWith("6776657273696f6e01");
    }

    @Test
    void roundTripsADag() throws Exception {
        MemoryBlockstore src = new MemoryBlockstore();
        ImportResult r = UnixfsImporter.builder().profile(ImportProfile.KUBO_V1).blockstore(src).build()
                .importStream(new PatternInputStream(700_000));
        ByteArrayOutputStream car = new ByteArrayOutputStream();
        assertThat(Car.export(src, r.root(), car)).isEqualTo(3);
        MemoryBlockstore dst = new MemoryBlockstore();
        Car.ImportSummary s = Car.importCar(new ByteArrayInputStream(car.toByteArray()), "test.car", dst);
        assertThat(s.roots()).containsExactly(r.root());
        assertThat(dst.stat()).isEqualTo(src.stat());
    }

    @Test
    void rejectsCorruptAndTruncatedCars() throws Exception {
        MemoryBlockstore src = new MemoryBlockstore();
        ImportResult r = UnixfsImporter.builder().blockstore(src).build().importStream(new PatternInputStream(10));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Car.export(src, r.root(), out);
        byte[] car = out.toByteArray();
        byte[] corrupt = car.clone();
        corrupt[corrupt.length - 1] ^= 1;
        assertThatThrownBy(() -> Car.importCar(new ByteArrayInputStream(corrupt), "bad.car", new MemoryBlockstore()))
                .isInstanceOf(BlockMismatchException.class).hasMessageContaining("bad.car");
        byte[] truncated = Arrays.copyOf(car, car.length - 3);
        assertThatThrownBy(() -> Car.importCar(new ByteArrayInputStream(truncated), "t.car", new MemoryBlockstore()))
                .isInstanceOf(CarFormatException.class).hasMessageContaining("truncated");
        assertThatThrownBy(() -> new CarReader(new ByteArrayInputStream(new byte[] {5, 1, 2}), "x.car"))
                .isInstanceOf(CarFormatException.class);
    }
}
