package dev.dpm.storage.share;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dpm.content.Blockstore;
import dev.dpm.content.Cid;
import dev.dpm.content.DagWalker;
import dev.dpm.content.MemoryBlockstore;
import dev.dpm.content.unixfs.UnixfsImporter;
import dev.dpm.storage.NodeLimits;
import dev.dpm.storage.StorageNode;
import java.io.ByteArrayInputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class RereplicatorIT {

    private static boolean holdsWholeDag(Blockstore store, Blockstore reference, Cid root) throws Exception {
        boolean[] all = {true};
        DagWalker.walk(reference, root, (cid, block) -> all[0] &= store.has(cid));
        return all[0];
    }

    @Test
    void restoresTheReplicationFactorFromTheSurvivors() throws Exception {
        MemoryBlockstore source = new MemoryBlockstore();
        List<Cid> roots = new ArrayList<>();
        Random random = new Random(1);
        for (int i = 0; i < 24; i++) {
            byte[] data = new byte[5_000 + random.nextInt(600_000)];
            random.nextBytes(data);
            roots.add(UnixfsImporter.builder().blockstore(source).build()
                    .importStream(new ByteArrayInputStream(data)).root());
        }
        List<String> ids = List.of("n0", "n1", "n2", "n3", "n4");
        Map<String, Blockstore> stores = new HashMap<>();
        ids.forEach(id -> stores.put(id, new MemoryBlockstore()));
        RendezvousHash hash = new RendezvousHash(ids);
        Map<String, List<Cid>> placed = SharePlacement.place(source, roots, stores, hash, 2);
        assertThat(placed.values().stream().mapToInt(List::size).sum()).isEqualTo(48);
        for (Cid root : roots) {
            long holders = ids.stream().filter(id -> placed.get(id).contains(root)).count();
            assertThat(holders).isEqualTo(2);
            for (String id : hash.owners(SharePlacement.key(root), 2)) {
                assertThat(holdsWholeDag(stores.get(id), source, root)).isTrue();
            }
        }

        List<StorageNode> nodes = new ArrayList<>();
        Map<String, ShareMember> members = new HashMap<>();
        try {
            for (String id : ids) {
                StorageNode n = StorageNode.builder(stores.get(id))
                        .limits(NodeLimits.defaults().withRequestRate(0, 1)).build().start();
                nodes.add(n);
                members.put(id, new ShareMember(id, n.peer(), stores.get(id)));
            }
            nodes.get(2).close();
            members.remove("n2");
            int expectedCopies = (int) roots.stream()
                    .filter(r -> hash.owners(SharePlacement.key(r), 2).contains("n2")).count();
            RereplicationReport report = new Rereplicator(2, Duration.ofSeconds(10))
                    .afterLeave(roots, hash, "n2", members, 2, RereplicationListener.NONE);
            assertThat(report.rootsCopied()).isEqualTo(expectedCopies).isPositive();
            assertThat(report.lost()).isEmpty();
            RendezvousHash after = hash.without("n2");
            for (Cid root : roots) {
                for (String id : after.owners(SharePlacement.key(root), 2)) {
                    assertThat(holdsWholeDag(stores.get(id), source, root)).as("%s on %s", root, id).isTrue();
                }
            }
        } finally {
            nodes.forEach(StorageNode::close);
        }
    }
}
