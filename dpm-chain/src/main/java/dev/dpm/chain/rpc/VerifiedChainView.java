package dev.dpm.chain.rpc;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dpm.chain.ChainException;
import java.net.URI;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * A {@link ChainView} of a {@link VerifiedChainReader}: every read runs on all endpoints at the pinned
 * block and the answers must be byte-for-byte equal. {@code eth_call} is pinned by block hash
 * (EIP-1898), so an endpoint cannot answer from another block of the same height; logs are read by
 * range up to the pinned number, and every log must carry the hash of its block as known at the pin
 * (the pinned hash for the pinned block; the hashes linked to the checkpoint when one is configured).
 * {@link #provenState()} verifies storage with EIP-1186 proofs against the pinned state root.
 * Thread-safe.
 */
public final class VerifiedChainView implements ChainView {
    private final VerifiedChainReader reader;
    private final BlockHeader header;
    private final Map<Long, String> knownHashes;

    VerifiedChainView(VerifiedChainReader reader, BlockHeader header, Map<Long, String> knownHashes) {
        this.reader = reader;
        this.header = header;
        this.knownHashes = knownHashes;
    }

    @Override
    public BlockRef block() {
        return header.ref();
    }

    /** The pinned block's header, its hash recomputed from its fields. */
    public BlockHeader header() {
        return header;
    }

    @Override
    public List<URI> endpoints() {
        return reader.endpoints();
    }

    /** Whether this view's answers were compared across two or more endpoints. */
    public boolean crossChecked() {
        return reader.crossChecked();
    }

    /** Storage proven against this view's state root on every endpoint, see {@link ProvenState}. */
    @Override
    public ProvenState provenState() {
        return new ProvenState(reader.endpointsInternal(), header);
    }

    @Override
    public byte[] call(String to, byte[] data) throws ChainException {
        Endpoints eps = reader.endpointsInternal();
        Map<String, Object> tx = new LinkedHashMap<>();
        tx.put("to", to);
        tx.put("data", BlockHeader.hex(data));
        Map<String, Object> at = Map.of("blockHash", header.hash());
        List<Outcome> outcomes = eps.onAll(c -> {
            try {
                JsonNode r = c.call("eth_call", tx, at);
                if (!r.isTextual()) {
                    throw new RpcMalformedResponseException(c.endpoint(), "eth_call", "result is not a hex string");
                }
                byte[] bytes;
                try {
                    bytes = BlockHeader.unhex(r.asText());
                } catch (IllegalArgumentException e) {
                    throw new RpcMalformedResponseException(c.endpoint(), "eth_call", e.getMessage());
                }
                return new Outcome(bytes, null);
            } catch (RpcErrorException e) {
                // a revert is an answer too: it must be the same revert everywhere
                return new Outcome(null, e);
            }
        });
        List<String> keys = outcomes.stream().map(Outcome::key).toList();
        eps.requireAgreement(keys, header.number(), "eth_call to " + to.toLowerCase(Locale.ROOT));
        Outcome first = outcomes.get(0);
        if (first.error != null) {
            throw first.error;
        }
        return first.bytes;
    }

    /**
     * {@inheritDoc}
     *
     * <p>The block is fetched from every endpoint; each header's hash is recomputed from its fields (so its
     * timestamp is bound to its hash), the endpoints must agree on the hash, and where this view knows the
     * canonical hash of that height (the pinned block; blocks linked to the checkpoint) it must be that one.
     */
    @Override
    public BlockRef blockAt(long number) throws ChainException {
        if (number == header.number()) {
            return header.ref();
        }
        if (number < 0 || number > header.number()) {
            throw new ChainException("block " + number + " is not at or below the pinned block " + header.number());
        }
        Endpoints eps = reader.endpointsInternal();
        List<BlockHeader> answers = eps.onAll(c -> {
            BlockHeader h = VerifiedChainReader.blockByNumber(c, number);
            String computed = h.computeHash();
            if (!computed.equals(h.hash())) {
                throw new HeaderChainException(c.endpoint(), number, "claimed hash " + h.hash()
                        + " is not the hash of its header fields (" + computed + ")");
            }
            String known = knownHashes.get(number);
            if (known != null && !known.equals(h.hash())) {
                throw new HeaderChainException(c.endpoint(), number, "hash " + h.hash() + " is not the canonical "
                        + known + " linked to the checkpoint");
            }
            return h;
        });
        eps.requireAgreement(answers.stream().map(BlockHeader::hash).toList(), number, "block hash");
        return answers.get(0).ref();
    }

    private record Outcome(byte[] bytes, RpcErrorException error) {
        String key() {
            return error == null ? BlockHeader.hex(bytes)
                    : "error " + error.code() + (error.data() == null ? "" : " " + error.data());
        }
    }

    /**
     * {@inheritDoc}
     *
     * <p>With {@link VerifiedChainReader.Builder#proveLogs(boolean)} on, this is {@link #provenLogs}.
     * Otherwise logs are read in pages of {@link VerifiedChainReader.Builder#logPageBlocks(long)} blocks;
     * a page whose answer exceeds the response bound ({@link VerifiedChainReader.Builder#maxResponseBytes})
     * is split in halves, down to one block, each part cross-checked like a page.
     *
     * @throws RpcEndpointException naming the block and the endpoint when a single block's logs exceed
     *     the response bound
     */
    @Override
    public List<LogEntry> logs(String address, long fromBlock, List<String> topic0s) throws ChainException {
        if (reader.proveLogs()) {
            return provenLogs(address, fromBlock, topic0s);
        }
        return pagedLogs(address, fromBlock, header.number(), topic0s);
    }

    /**
     * {@inheritDoc}
     *
     * <p>Read, cross-checked, paged and split exactly as {@link #logs(String, long, List)}, over
     * {@code fromBlock..toBlock} only. With proven logs on, the header walk must start at the pinned block
     * anyway, so the proven logs from {@code fromBlock} are read and the later ones dropped (read such a
     * view in one window: {@link #logWindowBlocks()} is then unbounded).
     *
     * @throws ChainException {@code toBlock} above the pinned block (nothing past the pin can be trusted)
     */
    @Override
    public List<LogEntry> logs(String address, long fromBlock, long toBlock, List<String> topic0s)
            throws ChainException {
        if (toBlock > header.number()) {
            throw new ChainException("logs up to block " + toBlock + " asked of a view pinned to block "
                    + header.number() + ": nothing past the pinned block is verified");
        }
        if (reader.proveLogs()) {
            return provenLogs(address, fromBlock, topic0s).stream().filter(l -> l.blockNumber() <= toBlock)
                    .toList();
        }
        return pagedLogs(address, fromBlock, toBlock, topic0s);
    }

    /** One page of the non-proven read; unbounded with proven logs (their cost does not depend on it). */
    @Override
    public long logWindowBlocks() {
        return reader.proveLogs() ? Long.MAX_VALUE : reader.logPageBlocks();
    }

    private List<LogEntry> pagedLogs(String address, long fromBlock, long to, List<String> topic0s)
            throws ChainException {
        Endpoints eps = reader.endpointsInternal();
        String addr = address.toLowerCase(Locale.ROOT);
        Set<String> wanted = new TreeSet<>();
        if (topic0s != null) {
            topic0s.forEach(t -> wanted.add(t.toLowerCase(Locale.ROOT)));
        }
        List<LogEntry> all = new ArrayList<>();
        for (long from = Math.max(0, fromBlock); from <= to; from += reader.logPageBlocks()) {
            long pageTo = Math.min(to, from + reader.logPageBlocks() - 1);
            // ranges still to read, in block order; a range whose answer exceeds the response bound is
            // replaced by its two halves (each half cross-checked on its own, as a page is)
            ArrayDeque<long[]> ranges = new ArrayDeque<>();
            ranges.push(new long[] {from, pageTo});
            while (!ranges.isEmpty()) {
                long[] r = ranges.pop();
                try {
                    all.addAll(logPage(eps, addr, r[0], r[1], wanted));
                } catch (RpcResponseTooLargeException e) {
                    if (r[0] == r[1]) {
                        throw new RpcEndpointException(e.endpoint(), "eth_getLogs", "the logs of " + addr
                                + " in the single block " + r[0] + " exceed the " + e.limitBytes()
                                + "-byte response bound; raise the bound to read this block", e);
                    }
                    long mid = r[0] + (r[1] - r[0]) / 2;
                    ranges.push(new long[] {mid + 1, r[1]});
                    ranges.push(new long[] {r[0], mid});
                }
            }
        }
        return all;
    }

    /** One {@code eth_getLogs} of {@code pageFrom..pageTo} on every endpoint; the answers must agree. */
    private List<LogEntry> logPage(Endpoints eps, String addr, long pageFrom, long pageTo, Set<String> wanted)
            throws ChainException {
        Map<String, Object> filter = new LinkedHashMap<>();
        filter.put("address", addr);
        filter.put("fromBlock", VerifiedChainReader.hexQuantity(pageFrom));
        filter.put("toBlock", VerifiedChainReader.hexQuantity(pageTo));
        if (!wanted.isEmpty()) {
            filter.put("topics", List.of(List.copyOf(wanted)));
        }
        List<List<LogEntry>> answers = eps.onAll(c -> {
            JsonNode r = c.call("eth_getLogs", filter);
            return parseLogs(c.endpoint(), r, addr, pageFrom, pageTo, wanted);
        });
        eps.requireAgreement(answers.stream().map(List::toString).toList(), header.number(),
                "eth_getLogs of " + addr + " in blocks " + pageFrom + ".." + pageTo);
        return answers.get(0);
    }

    /**
     * Logs that no endpoint can hide or invent, even a single one: on every endpoint, the headers from
     * {@code fromBlock} to the pinned block are linked by parent hash to the pinned block, and for every
     * block whose (verified) logs bloom may hold a match, the block's receipts must rebuild the header's
     * receipts root; the logs come from those receipts. The endpoints' results must agree. Costs one
     * header per block of the range (batched) plus one {@code eth_getBlockReceipts} per candidate block.
     * Any range: only the candidate headers are kept; a long scan reports progress to the reader's
     * {@link VerifiedChainReader.Builder#headerWalkListener(HeaderWalkListener)}.
     *
     * @throws HeaderChainException a header that does not link, or receipts that do not match their root
     */
    public List<LogEntry> provenLogs(String address, long fromBlock, List<String> topic0s) throws ChainException {
        Endpoints eps = reader.endpointsInternal();
        String addr = address.toLowerCase(Locale.ROOT);
        Set<String> wanted = new TreeSet<>();
        if (topic0s != null) {
            topic0s.forEach(t -> wanted.add(t.toLowerCase(Locale.ROOT)));
        }
        List<List<LogEntry>> answers = eps.onAll(c -> ProvenLogs.scan(c, header, fromBlock, addr, wanted,
                reader.walkListener()));
        eps.requireAgreement(answers.stream().map(List::toString).toList(), header.number(),
                "proven logs of " + addr + " from block " + fromBlock);
        return answers.get(0);
    }

    private List<LogEntry> parseLogs(URI endpoint, JsonNode r, String addr, long from, long to, Set<String> wanted)
            throws ChainException {
        String m = "eth_getLogs";
        if (!r.isArray()) {
            throw new RpcMalformedResponseException(endpoint, m, "result is not an array");
        }
        List<LogEntry> out = new ArrayList<>();
        for (JsonNode l : r) {
            LogEntry e;
            try {
                List<String> topics = new ArrayList<>();
                for (JsonNode t : l.path("topics")) {
                    topics.add(BlockHeader.hex(fixedHex(t.asText(), 32)));
                }
                e = new LogEntry(BlockHeader.hex(fixedHex(l.path("address").asText(), 20)), List.copyOf(topics),
                        BlockHeader.hex(BlockHeader.unhex(l.path("data").asText())),
                        BlockHeader.parseQuantity("blockNumber", l.path("blockNumber").asText()).longValueExact(),
                        BlockHeader.hex(fixedHex(l.path("blockHash").asText(), 32)),
                        BlockHeader.hex(fixedHex(l.path("transactionHash").asText(), 32)),
                        BlockHeader.parseQuantity("logIndex", l.path("logIndex").asText()).longValueExact());
            } catch (IllegalArgumentException | ArithmeticException ex) {
                throw new RpcMalformedResponseException(endpoint, m, "log entry: " + ex.getMessage());
            }
            if (l.path("removed").asBoolean(false)) {
                throw new RpcEndpointException(endpoint, m, "returned a removed (reorged) log in block "
                        + e.blockNumber());
            }
            if (!e.address().equals(addr)) {
                throw new RpcEndpointException(endpoint, m, "returned a log of " + e.address() + ", asked for "
                        + addr);
            }
            if (e.blockNumber() < from || e.blockNumber() > to) {
                throw new RpcEndpointException(endpoint, m, "returned a log of block " + e.blockNumber()
                        + " outside the asked range " + from + ".." + to);
            }
            if (!wanted.isEmpty() && (e.topics().isEmpty() || !wanted.contains(e.topics().get(0)))) {
                throw new RpcEndpointException(endpoint, m, "returned a log with a topic that was not asked for");
            }
            String known = e.blockNumber() == header.number() ? header.hash() : knownHashes.get(e.blockNumber());
            if (known != null && !known.equals(e.blockHash())) {
                throw new RpcEndpointException(endpoint, m, "returned a log of block " + e.blockNumber()
                        + " with hash " + e.blockHash() + ", not the canonical " + known + " (another fork or block)");
            }
            out.add(e);
        }
        out.sort(Comparator.comparingLong(LogEntry::blockNumber).thenComparingLong(LogEntry::logIndex));
        return out;
    }

    private static byte[] fixedHex(String s, int length) {
        byte[] b = BlockHeader.unhex(s);
        if (b.length != length) {
            throw new IllegalArgumentException("expected " + length + " bytes, got " + b.length);
        }
        return b;
    }

    @Override
    public String toString() {
        return "VerifiedChainView[block " + header.number() + " " + header.hash() + ", endpoints "
                + reader.endpoints() + "]";
    }

    static String hex(byte[] b) {
        return "0x" + HexFormat.of().formatHex(b);
    }
}
