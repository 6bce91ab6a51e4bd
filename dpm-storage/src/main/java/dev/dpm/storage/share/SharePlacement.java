package dev.dpm.storage.share;

import dev.dpm.content.Blockstore;
import dev.dpm.content.Cid;
import dev.dpm.content.ContentException;
import dev.dpm.content.DagWalker;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Initial placement of an archive on storage nodes: every DAG (one per package) is copied, block by
 * block, to the {@code r} members its root's {@link RendezvousHash} ranking names. The unit of
 * placement is the whole DAG of a root, so a client that knows the member list computes the
 * {@code r} peers holding a package without any lookup ({@link #holders}).
 *
 * <p>Stateless; thread-safe as far as the blockstores are.
 */
public final class SharePlacement {
    private SharePlacement() {
    }

    /**
     * Copies each root's DAG from {@code source} into its owners' stores.
     *
     * @return the roots each member received, by member id
     * @throws ContentException if a block of a DAG is missing from {@code source} or a store refuses it
     */
    public static Map<String, List<Cid>> place(Blockstore source, List<Cid> roots, Map<String, Blockstore> stores,
            RendezvousHash hash, int r) throws ContentException {
        Map<String, List<Cid>> placed = new HashMap<>();
        for (String id : hash.nodes()) {
            if (!stores.containsKey(id)) {
                throw new IllegalArgumentException("no blockstore for member " + id);
            }
            placed.put(id, new ArrayList<>());
        }
        for (Cid root : roots) {
            List<Blockstore> targets = new ArrayList<>();
            for (String id : hash.owners(key(root), r)) {
                targets.add(stores.get(id));
                placed.get(id).add(root);
            }
            DagWalker.walk(source, root, (cid, block) -> {
                for (Blockstore t : targets) {
                    t.putComputed(cid, block);
                }
            });
        }
        return placed;
    }

    /** The members holding {@code root}'s DAG: its owners under {@code hash}, highest weight first. */
    public static List<ShareMember> holders(Cid root, Map<String, ShareMember> members, RendezvousHash hash, int r) {
        return hash.owners(key(root), r).stream().map(members::get).toList();
    }

    /** The hash key of a root: its multihash bytes, so v0 and v1 CIDs of one DAG land on the same nodes. */
    public static byte[] key(Cid root) {
        return root.multihash().toBytes();
    }
}
