package dev.dpm.chain.rpc;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dpm.chain.ChainException;
import java.math.BigInteger;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
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
 * the highest block seen when that is at or above the checkpoint and was recorded by a pin that linked
 * it from this same checkpoint ({@link SeenBlock#linkedFrom()}; so each pin walks only the blocks since
 * the previous one), and on to the checkpoint when the head does not reach it. A block seen that was
 * linked from another checkpoint, or recorded without one, is no anchor: a newly configured checkpoint
 * is walked to and checked as by a fresh client before anything is trusted; with
 * {@link Builder#requireDescent(boolean)}, a head past the highest block seen must descend from it
 * ({@link ForeignChainException}, fast-forward). Walks have no length limit (a client idle for a month
 * catches up, reading every header since, with progress to a {@link HeaderWalkListener}); memory stays
 * bounded by {@link Builder#maxHeaderWalk(long)}. A refused head is never recorded as seen.
 *
 * <p>The returned {@link VerifiedChainView} runs each read on all endpoints at the pinned block and
 * compares the answers byte for byte. With a single endpoint nothing can be cross-checked:
 * {@link #crossChecked()} says so, and {@link VerifiedChainView#provenState()} (EIP-1186 storage
 * proofs against the pinned state root) is then the only defence against a lying endpoint.
 *
 * <p>Thread-safe. Close it to release its HTTP clients and threads.
 */
public final class VerifiedChainReader implements ChainReader {
    /** Headers asked for in one batch request of a walk. */
    private static final int WALK_BATCH = 128;

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
    private final HeaderWalkListener walkListener;
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
        this.walkListener = b.walkListener;
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
            requireDescent(endpoints.clients().get(0), pinned, seen.get().block());
        }
        // with a checkpoint, linked from it (by this walk, or through a block seen linked from it)
        store.record(new SeenBlock(pinned.number(), pinned.hash(), checkpoint));
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

    /** Where long header walks report their progress (also the proven-log scans of this reader's views). */
    HeaderWalkListener walkListener() {
        return walkListener;
    }

    /** How many linked hashes this reader keeps (for tests of the memory bound). */
    int linkedHashCount() {
        return verifiedHashes.size();
    }

    private static void requireOwnHash(URI endpoint, BlockHeader h) throws HeaderChainException {
        String computed = h.computeHash();
        if (!computed.equals(h.hash())) {
            throw new HeaderChainException(endpoint, h.number(), "claimed hash " + h.hash()
                    + " is not the hash of its header fields (" + computed + ")");
        }
    }

    /**
     * Links {@code pinned} by parent hashes, every header re-hashed, to a trusted anchor: the newest
     * block already linked to the checkpoint (the highest block seen, recorded only after a pin passed
     * every check, this walk included, when it is at or above the checkpoint and was linked from this
     * very checkpoint; else the last block this reader linked; else the checkpoint itself). So a pin
     * walks only the blocks since the previous one, not all blocks since the checkpoint. When the chain
     * does not go through the anchor (another chain, or a reorganisation below it), the walk goes on to
     * the checkpoint, so what is refused, and how, is the same as with a walk to the checkpoint alone.
     * How far the anchor is does not matter (see {@link #link}): a client idle for a month catches up,
     * at the cost of reading every header since.
     *
     * @return whether {@code pinned} was linked to {@code seen} (is it, or descends from it)
     */
    private boolean linkToCheckpoint(JsonRpcClient c, BlockHeader pinned, SeenBlock seenRecord)
            throws ChainException {
        SeenBlock cp = new SeenBlock(checkpoint.number(), checkpoint.hash());
        SeenBlock seen = seenRecord == null ? null : seenRecord.block();
        SeenBlock a = anchor;
        // the seen block vouches for this checkpoint only if a pin linked it from this checkpoint: one
        // linked from another (the user changed it, maybe to stop trusting what was seen before), or
        // recorded without one, would let a checkpoint that is not on the chain pass unchecked.
        // The rollback check has already refused a head below the seen block; at the checkpoint's
        // height only the checkpoint itself descends from it
        boolean seenUsable = seen != null && checkpoint.equals(seenRecord.linkedFrom())
                && seen.number() <= pinned.number() && (seen.number() > cp.number() || seen.equals(cp));
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
                        + " is not the trusted " + a.hash() + notCheckpoint(a, cp));
            }
            return seenUsable && a.equals(seen);
        }
        Link l = link(c, pinned, a, null, true);
        if (!l.linked() && !a.equals(cp)) {
            // does not go through the block linked before: on to the checkpoint, as a full walk would
            a = cp;
            l = link(c, pinned, cp, l, true);
        }
        if (!l.linked()) {
            throw new HeaderChainException(c.endpoint(), a.number(), "header chain reaches " + l.reached()
                    + ", not the trusted " + a.hash() + notCheckpoint(a, cp));
        }
        Map<Long, String> walked = l.hashes();
        walked.put(pinned.number(), pinned.hash());
        verifiedHashes.putAll(walked);
        while (verifiedHashes.size() > maxHeaderWalk) {
            verifiedHashes.pollFirstEntry();
        }
        anchor = new SeenBlock(pinned.number(), pinned.hash());
        return seenUsable && (a.equals(seen) || seen.hash().equals(walked.get(seen.number())));
    }

    /** What a refusal at the configured checkpoint adds: that the checkpoint is not on this chain. */
    private String notCheckpoint(SeenBlock a, SeenBlock cp) {
        return a.equals(cp) ? ": the configured checkpoint " + checkpoint.number() + ":" + checkpoint.hash()
                + " is not on this endpoint's chain" : "";
    }

    /**
     * The outcome of a walk from a trusted block {@code from} to the pinned block: {@code linked}, or the
     * pinned block's chain does not go through {@code from} and holds {@code reached} at its height.
     * {@code hashes}: the newest (at most {@code maxHeaderWalk}) hashes walked, by number; {@code bottom}:
     * the lowest header a walk down reached, where a walk further down can go on (null after a walk up).
     */
    private record Link(boolean linked, String reached, Map<Long, String> hashes, BlockHeader bottom) {
    }

    /**
     * Links {@code pinned} to the trusted block {@code from} (or finds that its chain does not go through
     * it). Within {@code maxHeaderWalk} blocks, by walking parent hashes down from {@code pinned}, going on
     * from {@code previous.bottom()} when a walk down to a higher block already read that far. Farther, by
     * walking up from {@code from} ({@link #walkUp}): a walk down would have to keep every hash until it
     * reached {@code from} before it could trust any of them (unbounded memory), or trust nothing it could
     * keep; going up, each header is linked to one already trusted the moment it is read, so only the
     * newest hashes need keeping (for {@link VerifiedChainView}'s log checks), and what was linked stays
     * linked when the walk fails further up (the reader's anchor can move up as it goes).
     */
    private Link link(JsonRpcClient c, BlockHeader pinned, SeenBlock from, Link previous, boolean advanceAnchor)
            throws ChainException {
        if (pinned.number() - from.number() > maxHeaderWalk) {
            return walkUp(c, from, pinned, advanceAnchor);
        }
        Map<Long, String> walked = new HashMap<>();
        BlockHeader start = pinned;
        if (previous != null && previous.bottom() != null) {
            walked.putAll(previous.hashes());
            start = previous.bottom();
        }
        BlockHeader bottom = start.number() == from.number() ? start
                : walkDown(c, start, from.number(), pinned.number(), walked);
        return new Link(bottom.hash().equals(from.hash()), bottom.hash(), walked, bottom);
    }

    /**
     * Fetches the headers below {@code top} down to block {@code low} from {@code c}, each re-hashed,
     * linked to its child by parent hash and (with validators) sealed; puts their hashes in
     * {@code walked}; returns the header of block {@code bottom}. Progress is reported as linking
     * {@code bottom..target}.
     */
    private BlockHeader walkDown(JsonRpcClient c, BlockHeader top, long bottom, long target,
            Map<Long, String> walked) throws ChainException {
        BlockHeader child = top;
        long next = top.number() - 1;
        walkListener.linking(bottom, target, target - top.number());
        while (next >= bottom) {
            long low = Math.max(bottom, next - WALK_BATCH + 1);
            List<RpcRequest> reqs = new ArrayList<>();
            for (long n = next; n >= low; n--) {
                reqs.add(RpcRequest.of("eth_getBlockByNumber", hexQuantity(n), false));
            }
            List<JsonNode> answers = c.batch(reqs);
            for (int i = 0; i < answers.size(); i++) {
                long n = next - i;
                BlockHeader h = walkedHeader(c, n, answers.get(i));
                if (!h.hash().equals(child.parentHash())) {
                    throw new HeaderChainException(c.endpoint(), child.number(), "parent hash "
                            + child.parentHash() + " does not link to block " + n + " (" + h.hash() + ")");
                }
                walked.put(n, h.hash());
                child = h;
            }
            next = low - 1;
            walkListener.linking(bottom, target, target - child.number());
        }
        return child;
    }

    /**
     * Walks up from the trusted block {@code from} to {@code pinned}: headers {@code from+1 ..} fetched by
     * number in batches, each re-hashed, its parent hash equal to the hash of the header linked just
     * below it, sealed with validators; the header reached at the pinned height must be the pinned one.
     * Memory stays bounded: only the last {@code maxHeaderWalk} hashes are kept. With
     * {@code advanceAnchor} (walks from a block linked to the checkpoint) the reader's anchor moves up
     * after every batch, each header being linked to the checkpoint by then: a pin of this reader tried
     * again after a failure (the chain changed under a long walk) resumes there instead of starting over.
     *
     * @return not linked when block {@code from+1} is not a child of {@code from} (the chain does not go
     *     through it); a break further up cannot be another chain, since the chain went through
     *     {@code from}: the chain changed under the walk, or the endpoint lies ({@link HeaderChainException})
     */
    private Link walkUp(JsonRpcClient c, SeenBlock from, BlockHeader pinned, boolean advanceAnchor)
            throws ChainException {
        TreeMap<Long, String> window = new TreeMap<>();
        window.put(from.number(), from.hash());
        String below = from.hash();
        long next = from.number() + 1;
        walkListener.linking(from.number(), pinned.number(), 0);
        while (next <= pinned.number()) {
            long high = Math.min(pinned.number(), next + WALK_BATCH - 1);
            List<RpcRequest> reqs = new ArrayList<>();
            for (long n = next; n <= high; n++) {
                reqs.add(RpcRequest.of("eth_getBlockByNumber", hexQuantity(n), false));
            }
            List<JsonNode> answers = c.batch(reqs);
            for (int i = 0; i < answers.size(); i++) {
                long n = next + i;
                BlockHeader h = walkedHeader(c, n, answers.get(i));
                if (!h.parentHash().equals(below)) {
                    if (n == from.number() + 1) {
                        return new Link(false, h.parentHash(), Map.of(), null);
                    }
                    throw new HeaderChainException(c.endpoint(), n, "parent hash " + h.parentHash()
                            + " does not link to block " + (n - 1) + " (" + below + ") linked just before, on the"
                            + " walk up from trusted block " + from.number() + " to " + pinned.number()
                            + ": the chain changed under the walk, or the endpoint lies");
                }
                window.put(n, h.hash());
                if (window.size() > maxHeaderWalk) {
                    window.pollFirstEntry();
                }
                below = h.hash();
            }
            if (advanceAnchor && high < pinned.number()) {
                anchor = new SeenBlock(high, below);
            }
            next = high + 1;
            walkListener.linking(from.number(), pinned.number(), high - from.number());
        }
        if (!below.equals(pinned.hash())) {
            throw new HeaderChainException(c.endpoint(), pinned.number(), "the walk up from trusted block "
                    + from.number() + " reaches " + below + " at this height, not the pinned " + pinned.hash()
                    + ": the chain changed under the walk, or the endpoint lies");
        }
        return new Link(true, below, window, null);
    }

    /** A header of a walk: block {@code n}, re-hashed, sealed by a validator when they are configured. */
    private BlockHeader walkedHeader(JsonRpcClient c, long n, JsonNode answer) throws ChainException {
        BlockHeader h = header(c, "eth_getBlockByNumber", answer);
        if (h.number() != n) {
            throw new HeaderChainException(c.endpoint(), n, "asked for block " + n + ", got " + h.number());
        }
        requireOwnHash(c.endpoint(), h);
        if (validators.size() > 0 && n > 0) {
            CliqueSeal.requireValidator(c.endpoint(), h, validators);
        }
        return h;
    }

    /**
     * Fast-forward: a head past the highest block seen must descend from it, by the same walk as the
     * checkpoint's ({@link #link}): parent hashes down within {@code maxHeaderWalk} blocks, up from the
     * seen block beyond, every header re-hashed either way. An endpoint showing the seen header at its
     * height while serving another chain above it is refused as well (the header above does not link).
     */
    private void requireDescent(JsonRpcClient c, BlockHeader pinned, SeenBlock seen) throws ChainException {
        Link l = link(c, pinned, seen, null, false);
        if (!l.linked()) {
            throw new ForeignChainException(c.endpoint(), pinned.number(), seen, "its block " + seen.number()
                    + " is " + l.reached());
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
        private HeaderWalkListener walkListener = HeaderWalkListener.NONE;
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
         * ({@link ForeignChainException}, nothing recorded; every header in between walked, however many,
         * see {@link #maxHeaderWalk(long)}). Default off: it also refuses a
         * reorganisation deeper than the seen block, which callers that rebuild their index after one
         * need to follow; with a checkpoint a foreign chain is refused anyway.
         */
        public Builder requireDescent(boolean on) {
            this.requireDescent = on;
            return this;
        }

        /**
         * Most header hashes one walk keeps in memory (default 100 000), and the range of
         * {@link VerifiedChainView#provenLogs}. A pin links the head to the newest block already linked to
         * the checkpoint (or to the highest block seen, for {@link #requireDescent(boolean)}): within this
         * many blocks by walking parent hashes down from the head; farther (a client idle for a long time),
         * by walking up from the trusted block in batches, each header linked as it is read, so any
         * distance is caught up at the cost of one header read per block (reported to
         * {@link #headerWalkListener(HeaderWalkListener)}).
         */
        public Builder maxHeaderWalk(long blocks) {
            if (blocks < 1) {
                throw new IllegalArgumentException("maxHeaderWalk must be >= 1");
            }
            this.maxHeaderWalk = blocks;
            return this;
        }

        /** Progress of the header walks of {@link VerifiedChainReader#pin()} (default: none). */
        public Builder headerWalkListener(HeaderWalkListener l) {
            this.walkListener = Objects.requireNonNull(l);
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
