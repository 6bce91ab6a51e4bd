package dev.dpm.storage.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BlockMapperTest {
    @TempDir
    Path dir;

    Path file(int size) throws Exception {
        byte[] b = new byte[size];
        new Random(size).nextBytes(b);
        return Files.write(dir.resolve("f" + size), b);
    }

    @Test
    void mapsLargeBlocksReadOnlyWithTheirBytesAndLeavesSmallOnesToARead() throws Exception {
        BlockMapper mapper = new BlockMapper(8);
        Path big = file(1 << 20);
        try (FileChannel ch = FileChannel.open(big, StandardOpenOption.READ)) {
            ByteBuffer m = mapper.map(ch, ch.size());
            assertThat(m).isNotNull();
            assertThat(m.isReadOnly()).isTrue();
            byte[] got = new byte[m.remaining()];
            m.duplicate().get(got);
            assertThat(got).isEqualTo(Files.readAllBytes(big));
        }
        Path small = file((int) BlockMapper.MIN_MAPPED_SIZE - 1);
        try (FileChannel ch = FileChannel.open(small, StandardOpenOption.READ)) {
            assertThat(mapper.map(ch, ch.size())).isNull();
        }
    }

    @Test
    void refusesPastTheBoundAndMapsAgainOnceMappingsAreCollected() throws Exception {
        BlockMapper mapper = new BlockMapper(3);
        Path big = file(256 * 1024);
        List<ByteBuffer> held = new ArrayList<>();
        try (FileChannel ch = FileChannel.open(big, StandardOpenOption.READ)) {
            for (int i = 0; i < 3; i++) {
                held.add(mapper.map(ch, ch.size()));
            }
            assertThat(held).doesNotContainNull();
            assertThat(mapper.map(ch, ch.size())).isNull(); // the caller reads the file instead
            assertThat(mapper.live()).isEqualTo(3);
            held.clear();
            long deadline = System.nanoTime() + 20_000_000_000L;
            while (mapper.live() > 0 && System.nanoTime() < deadline) {
                System.gc();
                Thread.sleep(50);
            }
            assertThat(mapper.live()).isZero();
            assertThat(mapper.map(ch, ch.size())).isNotNull();
        }
    }
}
