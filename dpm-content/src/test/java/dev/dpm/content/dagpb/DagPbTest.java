package dev.dpm.content.dagpb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dpm.content.Cid;
import dev.dpm.content.DagWalker;
import dev.dpm.content.InvalidBlockException;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

class DagPbTest {
    private static final Cid A = Cid.raw(new byte[] {1});
    private static final Cid B = Cid.raw(new byte[] {2});

    @Test
    void encodesEmptyDirectoryLikeEveryIpfsImplementation() {
        // QmUNLLsPACCz1vLxQVkXqqLX5R1X345qqfHbsf67hvA3Nn is the block 0a 02 08 01.
        assertThat(DagPb.encode(new PbNode(List.of(), new byte[] {0x08, 0x01}))).containsExactly(0x0a, 0x02, 0x08, 0x01);
    }

    @Test
    void writesLinksBeforeDataAndRoundTrips() throws Exception {
        PbNode node = new PbNode(List.of(new PbLink(A, "", 1L), new PbLink(B, "b", null)), new byte[] {8, 2});
        byte[] block = DagPb.encode(node);
        assertThat(block[0]).isEqualTo((byte) 0x12); // field 2 (Links) first
        assertThat(DagPb.decode(null, block)).isEqualTo(node);
        assertThat(DagWalker.links(Cid.dagPb(block), block)).containsExactly(A, B);
    }

    @Test
    void sortsLinksByNameBytes() {
        List<PbLink> sorted = DagPb.sorted(List.of(new PbLink(A, "b", 1L), new PbLink(A, "B", 1L),
                new PbLink(A, "ä", 1L), new PbLink(A, "a", 1L), new PbLink(A, "ab", 1L)));
        assertThat(sorted).extracting(PbLink::name).containsExactly("B", "a", "ab", "b", "ä");
    }

    @Test
    void rejectsDataBeforeLinksAndUnknownFields() {
        byte[] link = DagPb.encode(new PbNode(List.of(new PbLink(A, null, null)), null));
        byte[] dataFirst = new byte[2 + link.length];
        dataFirst[0] = 0x0a;
        dataFirst[1] = 0x00;
        System.arraycopy(link, 0, dataFirst, 2, link.length);
        assertThatThrownBy(() -> DagPb.decode(A, dataFirst)).isInstanceOf(InvalidBlockException.class)
                .hasMessageContaining("Links after Data");
        assertThatThrownBy(() -> DagPb.decode(null, HexFormat.of().parseHex("1a00")))
                .isInstanceOf(InvalidBlockException.class).hasMessageContaining("field 3");
        assertThatThrownBy(() -> DagPb.decode(null, HexFormat.of().parseHex("0a05")))
                .isInstanceOf(InvalidBlockException.class);
    }

    @Test
    void rawBlocksHaveNoLinks() throws Exception {
        assertThat(DagWalker.links(A, new byte[] {1})).isEmpty();
    }
}
