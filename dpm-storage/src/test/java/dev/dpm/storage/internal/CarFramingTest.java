package dev.dpm.storage.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dpm.content.Cid;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

class CarFramingTest {
    @Test
    void headerIsCanonicalDagCbor() throws Exception {
        // varint(len) {"roots":[42(h'00' + cid)],"version":1}, bytes as in the CARv1 spec's layout.
        byte[] h = CarFraming.header(List.of(Cid.parse("bafkqaaa")));
        assertThat(HexFormat.of().formatHex(h)).isEqualTo(
                "19" + "a2" + "65726f6f7473" + "81" + "d82a" + "45" + "0001550000" + "6776657273696f6e" + "01");
    }
}
