package dev.dpm.chain.rpc;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;

class EndpointsTest {
    private static final URI A = URI.create("http://a.invalid");
    private static final URI B = URI.create("http://b.invalid");
    private static final URI C = URI.create("http://c.invalid");

    private static Endpoints of(URI... uris) {
        ExecutorService ex = Executors.newVirtualThreadPerTaskExecutor();
        return new Endpoints(java.util.Arrays.stream(uris).map(u -> JsonRpcClient.builder(u).build()).toList(), ex);
    }

    @Test
    void agreementPasses() {
        assertThatCode(() -> of(A, B, C).requireAgreement(List.of("x", "x", "x"), 1, "r")).doesNotThrowAnyException();
    }

    @Test
    void minorityIsNamed() {
        assertThatThrownBy(() -> of(A, B, C).requireAgreement(List.of("x", "y", "x"), 9, "eth_call"))
                .isInstanceOfSatisfying(EndpointDisagreementException.class, e -> {
                    assertThat(e.endpoints()).containsExactly(B);
                    assertThat(e.blockNumber()).isEqualTo(9);
                }).hasMessageContaining("b.invalid answered y");
    }

    @Test
    void withoutMajorityAllAreNamed() {
        assertThatThrownBy(() -> of(A, B).requireAgreement(List.of("x", "y"), 9, "eth_call"))
                .isInstanceOfSatisfying(EndpointDisagreementException.class,
                        e -> assertThat(e.endpoints()).containsExactly(A, B));
    }

    @Test
    void aDefectInOneReadStopsTheReadsStillRunningOnTheOthers() throws Exception {
        Endpoints endpoints = of(A, B);
        java.util.concurrent.CountDownLatch running = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.CountDownLatch stopped = new java.util.concurrent.CountDownLatch(1);
        assertThatThrownBy(() -> endpoints.onAll(c -> {
            if (c.endpoint().equals(A)) {
                // only once B's read is running: a read cancelled before it started never runs, and
                // so could not show whether a running one is stopped
                try {
                    running.await(10, java.util.concurrent.TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                throw new IllegalStateException("a defect reading from " + c.endpoint());
            }
            running.countDown();
            try {
                Thread.sleep(60_000); // a slow endpoint
            } catch (InterruptedException e) {
                stopped.countDown();
            }
            return "late";
        })).isInstanceOf(IllegalStateException.class).hasMessageContaining("a.invalid");
        // before, B's read ran on to its end (its request timeout) after onAll had already thrown
        assertThat(stopped.await(10, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
    }
}
