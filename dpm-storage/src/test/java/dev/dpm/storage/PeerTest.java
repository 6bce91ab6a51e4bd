package dev.dpm.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class PeerTest {
    @Test
    void normalisesSchemeHostAndTrailingSlash() {
        assertThat(Peer.parse("HTTP://Example.ORG:8080/")).isEqualTo(Peer.parse("http://example.org:8080"));
        assertThat(Peer.parse("https://gw.example/base/").toString()).isEqualTo("https://gw.example/base");
        assertThat(Peer.parse("https://gw.example/base").resolve("/ipfs/x").toString())
                .isEqualTo("https://gw.example/base/ipfs/x");
    }

    @Test
    void refusesWhatIsNotAnHttpBaseUrl() {
        assertThatThrownBy(() -> Peer.parse("ftp://x")).hasMessageContaining("ftp://x");
        assertThatThrownBy(() -> Peer.parse("http://x/?q=1")).hasMessageContaining("query");
        assertThatThrownBy(() -> Peer.parse("not a url")).hasMessageContaining("not a url");
        assertThatThrownBy(() -> Peer.parse("/relative")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void peerSetKeepsConfiguredPeersAndBoundsLearnedOnes() {
        PeerSet s = new PeerSet(2);
        Peer c = Peer.parse("http://c:1");
        s.addConfigured(c);
        assertThat(s.addLearned(Peer.parse("http://l1:1"))).isTrue();
        assertThat(s.addLearned(Peer.parse("http://l2:1"))).isTrue();
        assertThat(s.addLearned(Peer.parse("http://l1:1"))).isFalse();
        assertThat(s.addLearned(Peer.parse("http://l3:1"))).isTrue();
        assertThat(s.all()).containsExactly(c, Peer.parse("http://l2:1"), Peer.parse("http://l3:1"));
        assertThat(s.isConfigured(c)).isTrue();
    }
}
