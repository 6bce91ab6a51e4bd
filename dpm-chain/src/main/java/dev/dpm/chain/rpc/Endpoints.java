package dev.dpm.chain.rpc;

import dev.dpm.chain.ChainException;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;

/** The configured endpoints, asked in parallel, and the comparison of their answers. */
final class Endpoints {
    private final List<JsonRpcClient> clients;
    private final ExecutorService executor;

    Endpoints(List<JsonRpcClient> clients, ExecutorService executor) {
        this.clients = List.copyOf(clients);
        this.executor = executor;
    }

    /** One read on one endpoint. */
    interface Read<T> {
        T apply(JsonRpcClient client) throws ChainException;
    }

    List<JsonRpcClient> clients() {
        return clients;
    }

    List<URI> uris() {
        return clients.stream().map(JsonRpcClient::endpoint).toList();
    }

    int size() {
        return clients.size();
    }

    /**
     * Runs {@code read} on every endpoint in parallel and returns the answers in endpoint order; if any
     * endpoint fails, throws the failure of the first failing endpoint (in configuration order) after
     * all have finished.
     */
    <T> List<T> onAll(Read<T> read) throws ChainException {
        if (clients.size() == 1) {
            return List.of(read.apply(clients.get(0)));
        }
        List<Future<T>> futures = new ArrayList<>();
        for (JsonRpcClient c : clients) {
            futures.add(executor.submit(() -> read.apply(c)));
        }
        List<T> out = new ArrayList<>();
        ChainException failure = null;
        for (Future<T> f : futures) {
            try {
                out.add(f.get());
            } catch (InterruptedException e) {
                futures.forEach(x -> x.cancel(true));
                Thread.currentThread().interrupt();
                throw new ChainException("interrupted while reading from RPC endpoints", e);
            } catch (ExecutionException e) {
                Throwable cause = e.getCause();
                if (failure == null) {
                    if (cause instanceof ChainException ce) {
                        failure = ce;
                    } else {
                        // a defect, not an endpoint's failure: thrown at once, so the other reads are
                        // stopped rather than left running to their timeouts
                        futures.forEach(x -> x.cancel(true));
                        if (cause instanceof RuntimeException re) {
                            throw re;
                        }
                        throw new IllegalStateException(cause);
                    }
                }
                out.add(null);
            }
        }
        if (failure != null) {
            throw failure;
        }
        return out;
    }

    /**
     * Requires all answers (keys in endpoint order, comparable by equality) to be equal; otherwise
     * throws naming the endpoints that differ from the strict majority, or all when there is none.
     */
    void requireAgreement(List<String> keys, long blockNumber, String read) throws EndpointDisagreementException {
        Map<String, Integer> counts = new LinkedHashMap<>();
        for (String k : keys) {
            counts.merge(k, 1, Integer::sum);
        }
        if (counts.size() <= 1) {
            return;
        }
        String majority = null;
        for (Map.Entry<String, Integer> e : counts.entrySet()) {
            if (e.getValue() * 2 > keys.size()) {
                majority = e.getKey();
            }
        }
        List<URI> differing = new ArrayList<>();
        StringBuilder detail = new StringBuilder();
        for (int i = 0; i < keys.size(); i++) {
            URI u = clients.get(i).endpoint();
            if (majority == null || !majority.equals(keys.get(i))) {
                differing.add(u);
            }
            if (detail.length() > 0) {
                detail.append("; ");
            }
            detail.append(u).append(" answered ").append(BlockHeader.abbreviate(keys.get(i)));
        }
        throw new EndpointDisagreementException(differing, blockNumber, read, detail.toString());
    }
}
