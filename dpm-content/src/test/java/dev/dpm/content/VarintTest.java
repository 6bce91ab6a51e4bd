package dev.dpm.content;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import org.junit.jupiter.api.Test;

class VarintTest {
    @Test
    void encodesSpecExamples() {
        // Examples from the multiformats unsigned-varint spec.
        assertThat(Varint.encode(1)).containsExactly(0x01);
        assertThat(Varint.encode(127)).containsExactly(0x7f);
        assertThat(Varint.encode(128)).containsExactly(0x80, 0x01);
        assertThat(Varint.encode(255)).containsExactly(0xff, 0x01);
        assertThat(Varint.encode(300)).containsExactly(0xac, 0x02);
        assertThat(Varint.encode(16384)).containsExactly(0x80, 0x80, 0x01);
    }

    @Test
    void decodesWhatItEncodes() throws Exception {
        for (long v : new long[] {0, 1, 127, 128, 300, 1L << 35, Long.MAX_VALUE}) {
            byte[] e = Varint.encode(v);
            assertThat(Varint.decode(e, 0, e.length)).isEqualTo(new Varint.Decoded(v, e.length));
            assertThat(Varint.read(new ByteArrayInputStream(e))).isEqualTo(v);
        }
    }

    @Test
    void rejectsNonMinimalAndTruncated() {
        assertThatThrownBy(() -> Varint.decode(new byte[] {(byte) 0x81, 0x00}, 0, 2)).hasMessageContaining("minimal");
        assertThatThrownBy(() -> Varint.decode(new byte[] {(byte) 0x81}, 0, 1)).hasMessageContaining("truncated");
    }
}
