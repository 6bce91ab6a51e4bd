package dev.dpm.content;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class CidTest {
    // Well-known vectors: the empty raw block, the empty UnixFS directory (v0 and v1), bafkqaaa.
    private static final String EMPTY_RAW = "bafkreihdwdcefgh4dqkjv67uzcmw7ojee6xedzdetojuzjevtenxquvyku";
    private static final String EMPTY_DIR_V0 = "QmUNLLsPACCz1vLxQVkXqqLX5R1X345qqfHbsf67hvA3Nn";
    private static final String EMPTY_DIR_V1 = "bafybeiczsscdsbs7ffqz55asqdf3smv6klcw3gofszvwlyarci47bgf354";
    private static final byte[] EMPTY_DIR_BLOCK = {0x0a, 0x02, 0x08, 0x01};

    @Test
    void computesRawCidOfEmptyBlock() {
        assertThat(Cid.raw(new byte[0]).toString()).isEqualTo(EMPTY_RAW);
    }

    @Test
    void computesDagPbCidsOfEmptyDirectory() throws Exception {
        Cid v1 = Cid.dagPb(EMPTY_DIR_BLOCK);
        assertThat(v1.toString()).isEqualTo(EMPTY_DIR_V1);
        Cid v0 = Cid.parse(EMPTY_DIR_V0);
        assertThat(v0.version()).isZero();
        assertThat(v0.codec()).isEqualTo(Cid.DAG_PB);
        assertThat(v0.toString()).isEqualTo(EMPTY_DIR_V0);
        assertThat(v0.matches(EMPTY_DIR_BLOCK)).isTrue();
        assertThat(v0.toV1()).isEqualTo(v1);
        assertThat(v0).isNotEqualTo(v1);
    }

    @Test
    void parsesIdentityCid() throws Exception {
        Cid cid = Cid.parse("bafkqaaa");
        assertThat(cid.isIdentity()).isTrue();
        assertThat(cid.codec()).isEqualTo(Cid.RAW);
        assertThat(cid.identityBlock()).isEmpty();
        assertThat(cid.matches(new byte[0])).isTrue();
        assertThat(cid).isEqualTo(Cid.EMPTY_IDENTITY_RAW);
        assertThat(cid.toString()).isEqualTo("bafkqaaa");
    }

    @Test
    void roundTripsThroughBytesAndBases() throws Exception {
        Cid cid = Cid.raw("hello".getBytes(StandardCharsets.UTF_8));
        assertThat(Cid.fromBytes(cid.toBytes())).isEqualTo(cid);
        assertThat(Cid.parse(cid.toString())).isEqualTo(cid);
        assertThat(Cid.parse(Multibase.encodeBase58(cid.toBytes()))).isEqualTo(cid);
        assertThat(Cid.parse("f" + HexFormat.of().formatHex(cid.toBytes()))).isEqualTo(cid);
        assertThat(Cid.parse(cid.toString().toUpperCase().replaceFirst("^B", "B"))).isEqualTo(cid);
        assertThat(cid.toBytes()).startsWith(0x01, 0x55, 0x12, 0x20);
    }

    @Test
    void decodesCidAtStartOfLongerBuffer() throws Exception {
        Cid cid = Cid.raw(new byte[] {1, 2, 3});
        byte[] bytes = cid.toBytes();
        byte[] buf = new byte[bytes.length + 5];
        System.arraycopy(bytes, 0, buf, 0, bytes.length);
        Cid decoded = Cid.decodePrefix(buf, 0, buf.length);
        assertThat(decoded).isEqualTo(cid);
        assertThat(decoded.encodedLength()).isEqualTo(bytes.length);
    }

    @Test
    void rejectsMalformedTextNamingIt() {
        for (String bad : new String[] {"", "bafy!!", "xyz", "bafkreihdwdcefgh4dqkjv67uzcmw7ojee6xedzdetojuzjevtenxquvyk",
            "Qm0000000000000000000000000000000000000000000", "zzzzz", "bafyaaa"}) {
            assertThatThrownBy(() -> Cid.parse(bad))
                    .as(bad)
                    .isInstanceOf(InvalidCidException.class)
                    .hasMessageContaining("'" + bad);
        }
    }

    @Test
    void rejectsTrailingBytesAndUnknownHash() {
        byte[] good = Cid.raw(new byte[0]).toBytes();
        byte[] trailing = new byte[good.length + 1];
        System.arraycopy(good, 0, trailing, 0, good.length);
        assertThatThrownBy(() -> Cid.fromBytes(trailing)).isInstanceOf(InvalidCidException.class)
                .hasMessageContaining("trailing");
        byte[] blake = {0x01, 0x55, 0x1e, 0x02, 0x00, 0x00};
        assertThatThrownBy(() -> Cid.fromBytes(blake)).isInstanceOf(InvalidCidException.class)
                .hasMessageContaining("unsupported multihash");
    }

    @Test
    void detectsWrongBlock() {
        Cid cid = Cid.raw(new byte[] {1});
        assertThat(cid.matches(new byte[] {1})).isTrue();
        assertThat(cid.matches(new byte[] {2})).isFalse();
    }
}
