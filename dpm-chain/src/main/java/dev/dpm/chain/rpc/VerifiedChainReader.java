package dev.dpm.chain.rpc;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dpm.chain.ChainException;
import java.math.BigInteger;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.Collectors;

/**
 * The {@link ChainReader} that checks what RPC endpoints say before anyone uses it.
 *
 * <p>{@link #pin()}: every endpoint must report the configured chain id; each endpoint's head must be
 * no older than the freshness window ({@link StaleChainException}) and not behind the newest block this
 * client pinned before ({@link RollbackException}, remembered in a {@link HighestSeenStore}); the pinned
 * block is the lowest head among the endpoints, and every endpoint must report the same hash for it
 * ({@link EndpointDisagreementException}). Its header hash is recomputed from the header fields and,
 * with a {@link Checkpoint} configured, linked by parent hashes back to the checkpoint (and, with
 * validators configured, every header's Clique seal checked) ({@link HeaderChainException}): back to
 * the highest block seen when that is at or above the checkpoint, since it was recorded only after a
 * pin that linked it (so each pin walks only the blocks since the previous one; the store must only
 * be written by readers with this checkpoint), and on to the checkpoint when the head does not reach
 * it; with
 * {@link Builder#requireDescent(boolean)}, a head past the highest block seen must descend from it
 * ({@link ForeignChainException}, fast-forward). A refused head is never recorded as seen.
 *
 * <p>The returned {@link VerifiedChainView} runs each read on all endpoints at the pinned block and
 * compares the answers byte for byte. With a single endpoint nothing can be cross-checked:
 * {@link #crossChecked()} says so, and {@link VerifiedChainView#provenState()} (EIP-1186 storage
 * proofs against the pinned state root) is then the only defence against a lying endpoint.
 *
 * <p>Thread-safe. Close it to release its HTTP clients and threads.
 */
public final class VerifiedChainReader implements ChainReader {
    private final Endpoints endpoints;
    private final long expectedChainId;
    private final Duration freshness;
    private final HighestSeenStore store;
    private final Clock clock;
    private final Checkpoint checkpoint;
    private final Set<String> validators;
    private final long maxHeaderWalk;
    private final long logPageBlocks;
    private final boolean proveLogs;
    private final boolean requireDescent;
    private final ExecutorService executor;
    /** Hashes of headers verified to descend from the checkpoint, by number (bounded). */
    private final ConcurrentSkipListMap<Long, String> verifiedHashes = new ConcurrentSkipListMap<>();
    private volatile SeenBlock anchor;

    private VerifiedChainReader(Builder b) {
        this.executor = Executors.newVirtualThreadPerTaskExecutor();
        List<JsonRpcClient> clients = new ArrayList<>();
        for (URI u : b.endpoints) {
            clients.add(JsonRpcClient.builder(u)
                    .connectTimeout(b.connectTimeout)
                    .callTimeout(b.callTimeout)
                    .maxResponseBytes(b.maxResponseBytes)
                    .build());
        }
        this.endpoints = new Endpoints(clients, executor);
        this.expectedChainId = b.chainId;
        this.freshness = b.freshness;
        this.store = b.store;
        this.clock = b.clock;
        this.checkpoint = b.checkpoint;
        this.validators = b.validators.stream().map(v -> v.toLowerCase(Locale.ROOT)).collect(Collectors.toSet());
        this.maxHeaderWalk = b.maxHeaderWalk;
        this.logPageBlocks = b.logPageBlocks;
        this.proveLogs = b.proveLogs;
        this.requireDescent = b.requireDescent;
        this.anchor = checkpoint == null ? null : new SeenBlock(checkpoint.number(), checkpoint.hash());
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The configured endpoints, in configuration order. */
    public List<URI> endpoints() {
        return endpoints.uris();
    }

    /** Whether reads are cross-checked: false with a single endpoint, which is then trusted alone. */
    public boolean crossChecked() {
        return endpoints.size() >= 2;
    }

    /** How exposed this configuration is, for {@code dpm doctor}. */
    public TrustPosture posture() {
        return new TrustPosture(endpoints.size(), freshness, checkpoint, !validators.isEmpty(), proveLogs);
    }

    @Override
    public long chainId() throws ChainException {
        endpoints.onAll(this::checkChainId);
        return expectedChainId;
    }

    private Long checkChainId(JsonRpcClient c) throws ChainException {
        long id = quantity(c, "eth_chainId", c.call("eth_chainId")).longValue();
        if (id != expectedChainId) {
            throw new ChainIdMismatchException(c.endpoint(), expectedChainId, id);
        }
        return id;
    }

    @Override
    public VerifiedChainView pin() throws ChainException {
        // one round trip per endpoint: chain id and head together
        List<BlockHeader> heads = endpoints.onAll(c -> {
            List<JsonNode> r = c.batch(List.of(RpcRequest.of("eth_chainId"),
                    RpcRequest.of("eth_getBlockByNumber", "latest", false)));
            long id = quantity(c, "eth_chainId", r.get(0)).longValue();
            if (id != expectedChainId) {
                throw new ChainIdMismatchException(c.endpoint(), expectedChainId, id);
            }
            return header(c, "eth_getBlockByNumber", r.get(1));
        });
        List<URI> uris = endpoints.uris();
        Optional<SeenBlock> seen = store.load();
        long now = clock.instant().getEpochSecond();
        for (int i = 0; i < heads.size(); i++) {
            BlockHeader h = heads.get(i);
            if (seen.isPresent() && h.number() < seen.get().number()) {
                throw new RollbackException(uris.get(i), h.number(), seen.get().number(), "replayed or rolled back");
            }
            if (seen.isPresent() && h.number() == seen.get().number() && !h.hash().equals(seen.get().hash())) {
                throw new RollbackException(uris.get(i), h.number(), seen.get().number(),
                        "block " + h.hash() + " differs from " + seen.get().hash() + " seen at that height");
            }
            if (!freshness.isZero() && now - h.timestamp() > freshness.toSeconds()) {
                throw new StaleChainException(uris.get(i), h.number(), Duration.ofSeconds(now - h.timestamp()),
                        freshness);
            }
        }
        long pinNumber = heads.stream().mapToLong(BlockHeader::number).min().orElseThrow();
        // the block every endpoint has: the lowest head; fetch it from the endpoints that are ahead
        List<BlockHeader> atPin = endpoints.onAll(c -> {
            int i = endpoints.clients().indexOf(c);
            BlockHeader h = heads.get(i);
            return h.number() == pinNumber ? h : blockByNumber(c, pinNumber);
        });
        endpoints.requireAgreement(atPin.stream().map(BlockHeader::hash).toList(), pinNumber, "block hash");
        // every endpoint's header must hash to what it claims, or the state root is unbound
        for (int i = 0; i < atPin.size(); i++) {
            requireOwnHash(uris.get(i), atPin.get(i));
        }
        BlockHeader pinned = atPin.get(0);
        boolean descendsFromSeen = false;
        if (checkpoint != null) {
            descendsFromSeen = linkToCheckpoint(endpoints.clients().get(0), pinned, seen.orElse(null));
        }
        if (requireDescent && !descendsFromSeen && seen.isPresent() && pinned.number() > seen.get().number()) {
            // before recording: a chain that does not descend from the seen block must not lock it out
            requireDescent(endpoints.clients().get(0), pinned, seen.get());
        }
        store.record(new SeenBlock(pinned.number(), pinned.hash()));
        // the live map: it only ever gains verified hashes (or drops old ones), never changes one
        return new VerifiedChainView(this, pinned, verifiedHashes);
    }

    Endpoints endpointsInternal() {
        return endpoints;
    }

    long logPageBlocks() {
        return logPageBlocks;
    }

    boolean proveLogs() {
        return proveLogs;
    }

    long maxHeaderWalk() {
        return maxHeaderWalk;
    }

    private static void requireOwnHash(URI endpoint, BlockHeader h) throws HeaderChainException {
        String computed = h.computeHash();
        if (!computed.equals(h.hash())) {
            throw new HeaderChainException(endpoint, h.number(), "claimed hash " + h.hash()
                    + " is not the hash of its header fields (" + computed + ")");
        }
    }

    /**
     * Walks parent hashes from {@code pinned} down to the trusted anchor, recomputing every header's
     * hash. The anchor is the newest block already linked to the checkpoint: the highest block seen
     * (recorded only after a pin passed every check, this walk included) when it is at or above the
     * checkpoint, else the last block this reader linked, else the checkpoint itself. So a pin walks
     * only the blocks since the previous one, not all blocks since the checkpoint. When the chain does
     * not reach the seen block (another chain, or a reorganisation below it), the walk goes on down to
     * the checkpoint, so what is refused, and how, is the same as with a walk to the checkpoint alone.
     *
     * @return whether {@code pinned} was linked to {@code seen} (is it, or descends from it)
     */
    private boolean linkToCheckpoint(JsonRpcClient c, BlockHeader pinned, SeenBlock seen) throws ChainException {
        SeenBlock cp = new SeenBlock(checkpoint.number(), checkpoint.hash());
        SeenBlock a = anchor;
        // the rollback check has already refused a head below the seen block; at the checkpoint's
        // height only the checkpoint itself descends from it
        boolean seenUsable = seen != null && seen.number() <= pinned.number()
                && (seen.number() > cp.number() || seen.equals(cp));
        if (seenUsable && seen.number() > a.number()) {
            a = seen;
        }
        if (validators.size() > 0) {
            CliqueSeal.requireValidator(c.endpoint(), pinned, validators);
        }
        if (pinned.number() < a.number()) {
            if (pinned.number() < checkpoint.number()) {
                throw new HeaderChainException(c.endpoint(), pinned.number(),
                        "is below the trusted checkpoint " + checkpoint.number());
            }
            String known = verifiedHashes.get(pinned.number());
            if (pinned.hash().equals(known)) {
                return false; // linked before, but not proven here to descend from the seen block
            }
            a = seenUsable ? seen : cp;
        }
        if (pinned.number() == a.number()) {
            if (!pinned.hash().equals(a.hash())) {
                throw new HeaderChainException(c.endpoint(), pinned.number(), "hash " + pinned.hash()
                        + " is not the trusted " + a.hash());
            }
            return seenUsable && a.equals(seen);
        }
        if (pinned.number() - a.number() > maxHeaderWalk) {
            throw walkTooLong(c, pinned, a);
        }
        Map<Long, String> walked = new java.util.HashMap<>();
        BlockHeader child = walkDown(c, pinned, a.number(), walked);
        if (!child.hash().equals(a.hash()) && !a.equals(cp)) {
            // does not reach the block linked before: go on to the checkpoint, as a full walk would
            if (pinned.number() - cp.number() > maxHeaderWalk) {
                throw walkTooLong(c, pinned, cp);
            }
            a = cp;
            child = child.number() == cp.number() ? child : walkDown(c, child, cp.number(), walked);
        }
        if (!child.hash().equals(a.hash())) {
            throw new HeaderChainException(c.endpoint(), a.number(), "header chain reaches " + child.hash()
                    + ", not the trusted " + a.hash());
        }
        walked.put(pinned.number(), pinned.hash());
        verifiedHashes.putAll(walked);
        while (verifiedHashes.size() > maxHeaderWalk) {
            verifiedHashes.pollFirstEntry();
        }
        anchor = new SeenBlock(pinned.number(), pinned.hash());
        return seenUsable && seen.hash().equals(walked.get(seen.number()));
    }

    private HeaderChainException walkTooLong(JsonRpcClient c, BlockHeader pinned, SeenBlock a) {
        return new HeaderChainException(c.endpoint(), pinned.number(), "is " + (pinned.number() - a.number())
                + " blocks past the trusted block " + a.number() + ", more than the walk bound of "
                + maxHeaderWalk + "; configure a newer checkpoint");
    }

    /**
     * Fetches the headers below {@code top} down to block {@code low} from {@code c}, each re-hashed,
     * linked to its child by parent hash and (with validators) sealed; puts their hashes in
     * {@code walked}; returns the header of block {@code bottom}.
     */
    private BlockHeader walkDown(JsonRpcClient c, BlockHeader top, long bottom, Map<Long, String> walked)
            throws ChainException {
        BlockHeader child = top;
        long next = top.number() - 1;
        final int batchSize = 128;
        while (next >= bottom) {
            long low = Math.max(bottom, next - batchSize + 1);
            List<RpcRequest> reqs = new ArrayList<>();
            for (long n = next; n >= low; n--) {
                reqs.add(RpcRequest.of("eth_getBlockByNumber", hexQuantity(n), false));
            }
            List<JsonNode> answers = c.batch(reqs);
            for (int i = 0; i < answers.size(); i++) {
                long n = next - i;
                BlockHeader h = header(c, "eth_getBlockByNumber", answers.get(i));
                if (h.number() != n) {
                    throw new HeaderChainException(c.endpoint(), n, "asked for block " + n + ", got " + h.number());
                }
                requireOwnHash(c.endpoint(), h);
                if (!h.hash().equals(child.parentHash())) {
                    throw new HeaderChainException(c.endpoint(), child.number(), "parent hash "
                            + child.parentHash() + " does not link to block " + n + " (" + h.hash() + ")");
                }
                if (validators.size() > 0 && n > 0) {
                    CliqueSeal.requireValidator(c.endpoint(), h, validators);
                }
                walked.put(n, h.hash());
                child = h;
            }
            next = low - 1;
        }
        return child;
    }

    /**
     * Fast-forward: a head past the highest block seen must descend from it. Within
     * {@code maxHeaderWalk} blocks the headers in between are walked by parent hash; beyond, only the
     * endpoint's header at the seen height is compared (re-hashed): weaker, since an endpoint could
     * show that one header and still serve a forged chain above it (configure a checkpoint).
     */
    private void requireDescent(JsonRpcClient c, BlockHeader pinned, SeenBlock seen) throws ChainException {
        BlockHeader atSeen;
        if (pinned.number() - seen.number() <= maxHeaderWalk) {
            atSeen = walkDown(c, pinned, seen.number(), new java.util.HashMap<>());
        } else {
            atSeen = blockByNumber(c, seen.number());
            requireOwnHash(c.endpoint(), atSeen);
        }
        if (!atSeen.hash().equals(seen.hash())) {
            throw new ForeignChainException(c.endpoint(), pinned.number(), seen, "its block " + seen.number()
                    + " is " + atSeen.hash());
        }
    }

    static BlockHeader blockByNumber(JsonRpcClient c, long n) throws ChainException {
        JsonNode b = c.call("eth_getBlockByNumber", hexQuantity(n), false);
        if (b.isNull()) {
            throw new RpcEndpointException(c.endpoint(), "eth_getBlockByNumber", "does not have block " + n);
        }
        BlockHeader h = header(c, "eth_getBlockByNumber", b);
        if (h.number() != n) {
            throw new RpcMalformedResponseException(c.endpoint(), "eth_getBlockByNumber", "asked for block " + n
                    + ", got " + h.number());
        }
        return h;
    }

    static BlockHeader header(JsonRpcClient c, String method, JsonNode b) throws RpcEndpointException {
        if (b == null || b.isNull()) {
            throw new RpcEndpointException(c.endpoint(), method, "no such block");
        }
        return BlockHeader.parse(c.endpoint(), method, b);
    }

    static BigInteger quantity(JsonRpcClient c, String method, JsonNode n) throws RpcMalformedResponseException {
        if (n == null || !n.isTextual()) {
            throw new RpcMalformedResponseException(c.endpoint(), method, "expected a hex quantity");
        }
        try {
            return BlockHeader.parseQuantity("result", n.asText());
        } catch (IllegalArgumentException e) {
            throw new RpcMalformedResponseException(c.endpoint(), method, e.getMessage());
        }
    }

    static String hexQuantity(long n) {
        return "0x" + Long.toHexString(n);
    }

    @Override
    public void close() {
        endpoints.clients().forEach(JsonRpcClient::close);
        executor.shutdownNow();
    }

    /** Configuration of a {@link VerifiedChainReader}. */
    public static final class Builder {
        private final List<URI> endpoints = new ArrayList<>();
        private long chainId = -1;
        private Duration freshness = Duration.ZERO;
        private HighestSeenStore store = HighestSeenStore.inMemory();
        private Clock clock = Clock.systemUTC();
        private Duration connectTimeout = JsonRpcClient.DEFAULT_CONNECT_TIMEOUT;
        private Duration callTimeout = JsonRpcClient.DEFAULT_CALL_TIMEOUT;
        private long maxResponseBytes = JsonRpcClient.DEFAULT_MAX_RESPONSE_BYTES;
        private Checkpoint checkpoint;
        private Set<String> validators = Set.of();
        private long maxHeaderWalk = 100_000;
        private boolean requireDescent;
        private long logPageBlocks = 10_000;
        private boolean proveLogs;

        private Builder() {
        }

        /** Adds an endpoint (http or https). At least one is required; two or more are cross-checked. */
        public Builder endpoint(URI endpoint) {
            endpoints.add(Objects.requireNonNull(endpoint));
            return this;
        }

        public Builder endpoints(List<URI> list) {
            list.forEach(this::endpoint);
            return this;
        }

        /** The chain id every endpoint must report (required). */
        public Builder chainId(long id) {
            this.chainId = id;
            return this;
        }

        /** A head older than this is refused; zero (the default) turns the check off. */
        public Builder freshness(Duration window) {
            if (window.isNegative()) {
                throw new IllegalArgumentException("freshness window must not be negative");
            }
            this.freshness = window;
            return this;
        }

        /** Freshness window in seconds, 0 = off (the form of {@code freshnessSeconds} in the configuration). */
        public Builder freshnessSeconds(long seconds) {
            return freshness(Duration.ofSeconds(seconds));
        }

        /** Where the newest pinned block is remembered (default: in memory only). */
        public Builder highestSeenStore(HighestSeenStore s) {
            this.store = Objects.requireNonNull(s);
            return this;
        }

        public Builder clock(Clock c) {
            this.clock = Objects.requireNonNull(c);
            return this;
        }

        public Builder connectTimeout(Duration d) {
            this.connectTimeout = Objects.requireNonNull(d);
            return this;
        }

        /** Deadline of each whole RPC call, answer included. */
        public Builder callTimeout(Duration d) {
            this.callTimeout = Objects.requireNonNull(d);
            return this;
        }

        public Builder maxResponseBytes(long bytes) {
            this.maxResponseBytes = bytes;
            return this;
        }

        /** A trusted block every pinned block must descend from (default: none). */
        public Builder checkpoint(Checkpoint c) {
            this.checkpoint = c;
            return this;
        }

        /**
         * Clique (proof-of-authority) signer addresses; with a checkpoint, every walked header's seal must
         * be from one of them. Empty (the default): seals are not checked.
         */
        public Builder cliqueValidators(Set<String> addresses) {
            this.validators = Set.copyOf(addresses);
            return this;
        }

        /**
         * Whether a head past the highest block seen must descend from it by parent hashes
         * ({@link ForeignChainException}, nothing recorded; walked up to {@code maxHeaderWalk} headers,
         * beyond that only the header at the seen height compared). Default off: it also refuses a
         * reorganisation deeper than the seen block, which callers that rebuild their index after one
         * need to follow; with a checkpoint a foreign chain is refused anyway.
         */
        public Builder requireDescent(boolean on) {
            this.requireDescent = on;
            return this;
        }

        /**
         * Most headers walked in one pin (default 100 000): from the head back to the highest block seen,
         * or to the checkpoint when none was seen yet.
         */
        public Builder maxHeaderWalk(long blocks) {
            this.maxHeaderWalk = blocks;
            return this;
        }

        /** Block range of one {@code eth_getLogs} page (default 10 000). */
        public Builder logPageBlocks(long blocks) {
            if (blocks < 1) {
                throw new IllegalArgumentException("logPageBlocks must be >= 1");
            }
            this.logPageBlocks = blocks;
            return this;
        }

        /**
         * Whether {@link VerifiedChainView#logs} proves its answer against receipts roots (see
         * {@link VerifiedChainView#provenLogs}) instead of trusting {@code eth_getLogs} (default false).
         */
        public Builder proveLogs(boolean on) {
            this.proveLogs = on;
            return this;
        }

        public VerifiedChainReader build() {
            if (endpoints.isEmpty()) {
                throw new IllegalStateException("at least one RPC endpoint is required");
            }
            if (chainId < 0) {
                throw new IllegalStateException("the expected chain id is required");
            }
            if (!validators.isEmpty() && checkpoint == null) {
                throw new IllegalStateException("Clique validators are checked along the walk to a checkpoint; "
                        + "configure a checkpoint too");
            }
            return new VerifiedChainReader(this);
        }
    }
}
