package dev.dpm.storage.share;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Rendezvous (highest random weight) assignment of keys to storage nodes: a key is kept by the
 * {@code r} nodes whose weight {@code SHA-256(nodeId ‖ 0x00 ‖ key)} (first 8 bytes, unsigned) is
 * highest. Every party computes the same owners from the member list alone, with no coordination;
 * when a node leaves only the keys it owned get a new owner (each gains exactly one, the next in
 * its ranking), and when one joins it takes over about {@code r/N} of the keys and nothing else moves.
 *
 * <p>Immutable and thread-safe.
 */
public final class RendezvousHash {
    private final List<String> nodes;

    /**
     * @throws IllegalArgumentException if {@code nodeIds} is empty or holds a duplicate
     */
    public RendezvousHash(Collection<String> nodeIds) {
        Set<String> distinct = new LinkedHashSet<>(nodeIds);
        if (distinct.isEmpty() || distinct.size() != nodeIds.size()) {
            throw new IllegalArgumentException("node ids must be non-empty and distinct: " + nodeIds);
        }
        this.nodes = List.copyOf(distinct);
    }

    /** The members, in the order given. */
    public List<String> nodes() {
        return nodes;
    }

    /** The same members but {@code nodeId} (the membership after it left). */
    public RendezvousHash without(String nodeId) {
        List<String> rest = new ArrayList<>(nodes);
        if (!rest.remove(nodeId)) {
            throw new IllegalArgumentException("not a member: " + nodeId);
        }
        return new RendezvousHash(rest);
    }

    /**
     * The {@code min(r, N)} nodes that keep {@code key}, highest weight first (ties, which need a
     * 64-bit collision, broken by node id).
     *
     * @throws IllegalArgumentException if {@code r < 1}
     */
    public List<String> owners(byte[] key, int r) {
        if (r < 1) {
            throw new IllegalArgumentException("replication factor must be at least 1: " + r);
        }
        record Ranked(String node, long weight) {
        }
        List<Ranked> ranked = new ArrayList<>(nodes.size());
        for (String n : nodes) {
            ranked.add(new Ranked(n, weight(n, key)));
        }
        ranked.sort(Comparator.comparing((Ranked x) -> x.weight, Long::compareUnsigned).reversed()
                .thenComparing(x -> x.node));
        return ranked.subList(0, Math.min(r, ranked.size())).stream().map(Ranked::node).toList();
    }

    /** The owners of a key given as text (a CID string, a package name). */
    public List<String> owners(String key, int r) {
        return owners(key.getBytes(StandardCharsets.UTF_8), r);
    }

    /** The weight of {@code nodeId} for {@code key}: the first 8 bytes of SHA-256(nodeId ‖ 0 ‖ key), unsigned. */
    public static long weight(String nodeId, byte[] key) {
        MessageDigest sha;
        try {
            sha = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
        sha.update(nodeId.getBytes(StandardCharsets.UTF_8));
        sha.update((byte) 0);
        byte[] d = sha.digest(key);
        long w = 0;
        for (int i = 0; i < 8; i++) {
            w = (w << 8) | (d[i] & 0xff);
        }
        return w;
    }
}
