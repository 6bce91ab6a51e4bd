package dev.dpm.content.unixfs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dpm.content.InvalidBlockException;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

class UnixfsDataTest {
    // Expected bytes from ipfs-unixfs 13.1.1 (the importer's own dependency) UnixFS#marshal().
    @Test
    void encodesLikeTheReference() {
        assertThat(hex(new UnixfsData(UnixfsData.Type.FILE, null, 0L, List.of(), null, null, 0755,
                new UnixfsData.UnixTime(5, 7)))).isEqualTo("0802180038ed03420708051507000000");
        assertThat(hex(UnixfsData.directory(0700, null))).isEqualTo("080138c003");
        assertThat(hex(new UnixfsData(UnixfsData.Type.SYMLINK, "a/b".getBytes(StandardCharsets.UTF_8), null,
                List.of(), null, null, null, null))).isEqualTo("08041203612f62");
        assertThat(hex(new UnixfsData(UnixfsData.Type.FILE, null, 262149L, List.of(262144L, 5L), null, null, null,
                null))).isEqualTo("080218858010208080102005");
    }

    @Test
    void decodesWhatItEncodes() throws Exception {
        UnixfsData d = new UnixfsData(UnixfsData.Type.FILE, new byte[] {1, 2}, 2L, List.of(), null, null, 0600,
                new UnixfsData.UnixTime(1_700_000_000L, 123));
        assertThat(UnixfsData.decode(null, d.encode())).isEqualTo(d);
        // packed blocksizes (allowed by protobuf) decode too
        UnixfsData packed = UnixfsData.decode(null, HexFormat.of().parseHex("0802180722020304"));
        assertThat(packed.blocksizes()).containsExactly(3L, 4L);
    }

    @Test
    void rejectsGarbage() {
        assertThatThrownBy(() -> UnixfsData.decode(null, HexFormat.of().parseHex("0809")))
                .isInstanceOf(InvalidBlockException.class).hasMessageContaining("unknown UnixFS type");
        assertThatThrownBy(() -> UnixfsData.decode(null, HexFormat.of().parseHex("1200")))
                .isInstanceOf(InvalidBlockException.class).hasMessageContaining("without Type");
    }

    private static String hex(UnixfsData d) {
        return HexFormat.of().formatHex(d.encode());
    }
}
