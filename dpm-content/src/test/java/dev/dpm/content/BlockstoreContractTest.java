package dev.dpm.content;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class BlockstoreContractTest {
    @TempDir
    static Path tmp;

    static Stream<Arguments> stores() throws Exception {
        return Stream.of(Arguments.of("memory", new MemoryBlockstore()),
                Arguments.of("file", FileBlockstore.open(Files.createTempDirectory(tmp, "bs"))));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("stores")
    void storesVerifiedBlocks(String name, Blockstore store) throws Exception {
        byte[] block = {1, 2, 3};
        Cid cid = Cid.raw(block);
        assertThat(store.has(cid)).isFalse();
        assertThat(store.size(cid)).isEqualTo(-1);
        store.put(cid, block);
        store.put(cid, block);
        assertThat(store.has(cid)).isTrue();
        assertThat(store.get(cid)).hasValueSatisfying(b -> assertThat(b).containsExactly(1, 2, 3));
        assertThat(store.size(cid)).isEqualTo(3);
        // Keyed by multihash: the same bytes under dag-pb codec are the same block.
        assertThat(store.has(Cid.dagPb(block))).isTrue();
        assertThat(store.allCids()).containsExactly(cid);
        assertThat(store.stat()).isEqualTo(new BlockstoreStats(1, 3));
        assertThat(store.delete(cid)).isTrue();
        assertThat(store.delete(cid)).isFalse();
        assertThat(store.get(cid)).isEmpty();
        assertThat(store.stat()).isEqualTo(new BlockstoreStats(0, 0));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("stores")
    void rejectsWrongAndOversizedBlocks(String name, Blockstore store) {
        Cid cid = Cid.raw(new byte[] {1});
        assertThatThrownBy(() -> store.put(cid, new byte[] {2}))
                .isInstanceOf(BlockMismatchException.class).hasMessageContaining(cid.toString());
        byte[] big = new byte[Blockstore.MAX_BLOCK_SIZE + 1];
        assertThatThrownBy(() -> store.put(Cid.raw(big), big)).isInstanceOf(BlockTooLargeException.class);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("stores")
    void storesAVerifiedBufferFromItsPositionToItsLimitAndLeavesItAlone(String name, Blockstore store) throws Exception {
        byte[] block = "a block received from a peer".getBytes();
        Cid cid = Cid.raw(block);
        ByteBuffer direct = ByteBuffer.allocateDirect(100);
        direct.position(7).put(block).flip().position(7);
        store.putVerified(cid, direct);
        assertThat(direct.position()).isEqualTo(7); // the caller's buffer, untouched: it is reused
        assertThat(direct.limit()).isEqualTo(7 + block.length);
        assertThat(store.get(cid)).hasValueSatisfying(b -> assertThat(b).isEqualTo(block));
        byte[] big = new byte[Blockstore.MAX_BLOCK_SIZE + 1];
        assertThatThrownBy(() -> store.putVerified(Cid.raw(big), ByteBuffer.wrap(big)))
                .isInstanceOf(BlockTooLargeException.class);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("stores")
    void identityBlocksAreAlwaysPresent(String name, Blockstore store) throws Exception {
        Cid cid = Cid.parse("bafkqaaa");
        assertThat(store.has(cid)).isTrue();
        assertThat(store.get(cid)).hasValueSatisfying(b -> assertThat(b).isEmpty());
        store.put(cid, new byte[0]);
        assertThat(store.allCids()).isEmpty();
    }
}
