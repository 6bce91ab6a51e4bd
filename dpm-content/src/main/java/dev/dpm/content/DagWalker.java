package dev.dpm.content;

import dev.dpm.content.dagpb.DagPb;
import dev.dpm.content.dagpb.PbLink;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Follows the links of a DAG. {@link #links(Cid, byte[])} is the one-block step a fetcher needs;
 * {@link #walk} visits a whole DAG that is in a blockstore. Thread-safe (stateless).
 */
public final class DagWalker {
    private DagWalker() {
    }

    /**
     * The CIDs a block links to, in link order: none for raw and identity blocks, the link hashes
     * for dag-pb.
     *
     * @throws InvalidBlockException if the block cannot be decoded or its codec is not supported
     */
    public static List<Cid> links(Cid cid, byte[] block) throws InvalidBlockException {
        if (cid.codec() == Cid.RAW) {
            return List.of();
        }
        if (cid.codec() == Cid.DAG_PB) {
            List<PbLink> links = DagPb.decode(cid, block).links();
            List<Cid> out = new ArrayList<>(links.size());
            for (PbLink l : links) {
                out.add(l.hash());
            }
            return out;
        }
        throw new InvalidBlockException(cid, "unsupported codec 0x" + Long.toHexString(cid.codec()));
    }

    /** Receives each block of a walk. */
    @FunctionalInterface
    public interface Visitor {
        void visit(Cid cid, byte[] block) throws ContentException;
    }

    /**
     * Visits every distinct block reachable from {@code root} in depth-first pre-order (the order
     * of a CAR with {@code order=dfs}), each once.
     *
     * @throws MissingBlockException if a block is absent
     */
    public static void walk(Blockstore store, Cid root, Visitor visitor) throws ContentException {
        Set<Multihash> seen = new HashSet<>();
        Deque<Cid> stack = new ArrayDeque<>();
        stack.push(root);
        while (!stack.isEmpty()) {
            Cid cid = stack.pop();
            if (!seen.add(cid.multihash())) {
                continue;
            }
            byte[] block = store.get(cid).orElseThrow(() -> new MissingBlockException(cid));
            visitor.visit(cid, block);
            List<Cid> children = links(cid, block);
            for (int i = children.size() - 1; i >= 0; i--) {
                stack.push(children.get(i));
            }
        }
    }
}
