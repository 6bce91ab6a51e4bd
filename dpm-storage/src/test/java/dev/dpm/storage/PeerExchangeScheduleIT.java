package dev.dpm.storage;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dpm.content.MemoryBlockstore;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The node's background peer exchange keeps running whatever one round meets. */
class PeerExchangeScheduleIT {
    /**
     * An unchecked exception out of one round (here from the listener; in the field from the HTTP
     * client, which throws UncheckedIOException when it cannot open a selector, e.g. out of file
     * descriptors) silently cancelled the schedule: the node never exchanged peers again.
     */
    @Test
    void anUncheckedFailureInOneRoundDoesNotStopTheExchange() throws Exception {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = s.getLocalPort();
        }
        PeerSet peers = new PeerSet();
        peers.addConfigured(Peer.parse("http://127.0.0.1:" + closedPort));
        AtomicInteger rounds = new AtomicInteger();
        CountDownLatch secondRound = new CountDownLatch(2);
        NodeListener listener = new NodeListener() {
            @Override
            public void exchangeFailed(Peer peer, String reason) {
                secondRound.countDown();
                if (rounds.incrementAndGet() == 1) {
                    throw new IllegalStateException("simulated failure in the first round");
                }
            }
        };
        try (StorageNode node = StorageNode.builder(new MemoryBlockstore()).peers(peers).listener(listener)
                .peerExchangeInterval(Duration.ofMillis(100)).build().start()) {
            assertThat(secondRound.await(10, TimeUnit.SECONDS)).as("a second exchange round ran").isTrue();
        }
    }
}
