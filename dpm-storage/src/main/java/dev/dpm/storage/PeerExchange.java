package dev.dpm.storage;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.dpm.storage.internal.IoFailures;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The client side of dpm peer exchange: {@code GET {peer}/dpm/v1/peers} answers
 * {@code {"self": url, "peers": [url, …]}}. Only dpm nodes serve it; Kubo gateways answer 404 and
 * are simply not asked again by callers that care. Thread-safe.
 */
public final class PeerExchange {
    /** Most peers read from one answer. */
    public static final int MAX_PEERS_PER_ANSWER = 256;
    private static final int MAX_ANSWER_BYTES = 256 * 1024;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http;
    private final Duration timeout;

    public PeerExchange(HttpClient http, Duration timeout) {
        this.http = http;
        this.timeout = timeout;
    }

    /**
     * The peers {@code peer} knows (its own advertised URL included), or empty when the peer does not
     * speak dpm peer exchange (it answers 404, as Kubo and other gateways do).
     *
     * @throws FetchException naming the peer when it cannot be reached or answers something else
     */
    public Optional<List<Peer>> peersOf(Peer peer) throws FetchException, InterruptedException {
        HttpRequest req = HttpRequest.newBuilder(peer.resolve("/dpm/v1/peers")).timeout(timeout)
                .header("Accept", "application/json").GET().build();
        try {
            HttpResponse<InputStream> resp = http.send(req, HttpResponse.BodyHandlers.ofInputStream());
            try (InputStream in = resp.body()) {
                if (resp.statusCode() == 404) {
                    return Optional.empty();
                }
                if (resp.statusCode() != 200) {
                    throw new FetchException("peer " + peer + " does not exchange peers (HTTP " + resp.statusCode() + ")",
                            null, peer);
                }
                byte[] body = in.readNBytes(MAX_ANSWER_BYTES + 1);
                if (body.length > MAX_ANSWER_BYTES) {
                    throw new FetchException("peer " + peer + " sent a peer list over " + MAX_ANSWER_BYTES + " bytes",
                            null, peer);
                }
                JsonNode root = JSON.readTree(body);
                List<Peer> out = new ArrayList<>();
                if (root.hasNonNull("self")) {
                    out.add(Peer.parse(root.get("self").asText()));
                }
                for (JsonNode p : root.path("peers")) {
                    if (out.size() >= MAX_PEERS_PER_ANSWER) {
                        break;
                    }
                    try {
                        out.add(Peer.parse(p.asText()));
                    } catch (IllegalArgumentException e) {
                        // one malformed entry does not spoil the rest of the answer
                    }
                }
                return Optional.of(out);
            }
        } catch (IOException e) {
            throw new FetchException("peer exchange with " + peer + " failed: " + IoFailures.describe(e), null, peer, e);
        } catch (IllegalArgumentException e) {
            String why = e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
            throw new FetchException("peer exchange with " + peer + " failed: " + why, null, peer, e);
        }
    }
}
