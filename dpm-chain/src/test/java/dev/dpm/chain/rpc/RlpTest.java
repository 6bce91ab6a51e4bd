package dev.dpm.chain.rpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Vectors from the RLP specification (ethereum.org, "Recursive-length prefix"). */
class RlpTest {
    private static String hex(byte[] b) {
        return HexFormat.of().formatHex(b);
    }

    private static byte[] s(String text) {
        return Rlp.encodeBytes(text.getBytes(StandardCharsets.US_ASCII));
    }

    @Test
    void encodesSpecVectors() {
        assertThat(hex(s("dog"))).isEqualTo("83646f67");
        assertThat(hex(Rlp.encodeList(List.of(s("cat"), s("dog"))))).isEqualTo("c88363617483646f67");
        assertThat(hex(s(""))).isEqualTo("80");
        assertThat(hex(Rlp.encodeList(List.of()))).isEqualTo("c0");
        assertThat(hex(Rlp.encodeInt(BigInteger.ZERO))).isEqualTo("80");
        assertThat(hex(Rlp.encodeBytes(new byte[] {0}))).isEqualTo("00");
        assertThat(hex(Rlp.encodeBytes(new byte[] {0x0f}))).isEqualTo("0f");
        assertThat(hex(Rlp.encodeBytes(new byte[] {0x04, 0x00}))).isEqualTo("820400");
        assertThat(hex(Rlp.encodeInt(BigInteger.valueOf(1024)))).isEqualTo("820400");
        byte[] empty = Rlp.encodeList(List.of());
        byte[] one = Rlp.encodeList(List.of(empty));
        byte[] setTheoretic = Rlp.encodeList(List.of(empty, one, Rlp.encodeList(List.of(empty, one))));
        assertThat(hex(setTheoretic)).isEqualTo("c7c0c1c0c3c0c1c0");
        String lorem = "Lorem ipsum dolor sit amet, consectetur adipisicing elit";
        assertThat(hex(s(lorem))).isEqualTo("b838" + hex(lorem.getBytes(StandardCharsets.US_ASCII)));
    }

    @Test
    void decodesWhatItEncodes() {
        Rlp.Item item = Rlp.decode(HexFormat.of().parseHex("c88363617483646f67"));
        assertThat(item.isList()).isTrue();
        assertThat(item.list()).extracting(i -> new String(i.bytes(), StandardCharsets.US_ASCII))
                .containsExactly("cat", "dog");
        assertThat(hex(item.list().get(1).raw())).isEqualTo("83646f67");
    }

    @Test
    void refusesNonCanonicalAndTruncatedInput() {
        assertThatThrownBy(() -> Rlp.decode(HexFormat.of().parseHex("8100"))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Rlp.decode(HexFormat.of().parseHex("b801ff"))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Rlp.decode(HexFormat.of().parseHex("83646f"))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Rlp.decode(HexFormat.of().parseHex("83646f6700"))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Rlp.decode(HexFormat.of().parseHex("c3836364"))).isInstanceOf(IllegalArgumentException.class);
    }
}
