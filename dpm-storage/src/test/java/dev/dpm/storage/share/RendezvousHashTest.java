package dev.dpm.storage.share;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class RendezvousHashTest {
    private static final List<String> NODES = IntStream.range(0, 16).mapToObj(i -> "node-" + i).toList();

    /** The definition, written independently: rank by the first 8 digest bytes as a non-negative big integer. */
    private static List<String> oracle(List<String> nodes, String key, int r) throws Exception {
        List<String> sorted = new ArrayList<>(nodes);
        Map<String, BigInteger> w = new HashMap<>();
        for (String n : nodes) {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            byte[] d = sha.digest((n + "\0" + key).getBytes(StandardCharsets.UTF_8));
            w.put(n, new BigInteger(1, Arrays.copyOf(d, 8)));
        }
        sorted.sort(Comparator.comparing(w::get, Comparator.reverseOrder()));
        return sorted.subList(0, Math.min(r, sorted.size()));
    }

    @Test
    void ownersAreTheHighestWeightsOfTheDefinition() throws Exception {
        RendezvousHash h = new RendezvousHash(NODES);
        for (int k = 0; k < 200; k++) {
            String key = "pkg-" + k;
            assertThat(h.owners(key, 3)).isEqualTo(oracle(NODES, key, 3));
        }
    }

    @Test
    void ownersAreDistinctAndCappedAtMembership() {
        RendezvousHash h = new RendezvousHash(List.of("a", "b"));
        assertThat(h.owners("x", 5)).containsExactlyInAnyOrder("a", "b");
        assertThat(new RendezvousHash(NODES).owners("x", 3)).doesNotHaveDuplicates().hasSize(3);
    }

    @Test
    void sharesAreBalanced() {
        RendezvousHash h = new RendezvousHash(NODES);
        Map<String, Integer> count = new HashMap<>();
        int keys = 16_000;
        for (int k = 0; k < keys; k++) {
            for (String o : h.owners("k" + k, 2)) {
                count.merge(o, 1, Integer::sum);
            }
        }
        double expected = keys * 2.0 / NODES.size(); // 2,000; binomial sd ≈ 42
        assertThat(count).hasSize(NODES.size());
        assertThat(count.values()).allSatisfy(c -> assertThat((double) c).isBetween(expected * 0.9, expected * 1.1));
    }

    @Test
    void aLeavingNodeMovesOnlyItsOwnKeysAndEachGainsTheNextInRank() throws Exception {
        RendezvousHash before = new RendezvousHash(NODES);
        RendezvousHash after = before.without("node-5");
        for (int k = 0; k < 2_000; k++) {
            String key = "k" + k;
            List<String> old = before.owners(key, 2);
            List<String> now = after.owners(key, 2);
            if (!old.contains("node-5")) {
                assertThat(now).isEqualTo(old);
            } else {
                List<String> three = oracle(NODES, key, 3);
                List<String> expected = new ArrayList<>(three);
                expected.remove("node-5");
                assertThat(now).isEqualTo(expected.subList(0, 2));
            }
        }
    }

    @Test
    void refusesBadInput() {
        assertThatThrownBy(() -> new RendezvousHash(List.of())).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new RendezvousHash(List.of("a", "a"))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new RendezvousHash(List.of("a")).owners("k", 0))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new RendezvousHash(List.of("a")).without("b"))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
