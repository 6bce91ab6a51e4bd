package dev.dpm.chain.rpc;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dpm.chain.ChainException;
import java.math.BigInteger;
import java.net.URI;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.web3j.crypto.Hash;

/**
 * Event logs that one endpoint cannot hide or invent: the headers from {@code fromBlock} to the pinned
 * block are fetched and linked by parent hash to the pinned block (each re-hashed); every header whose
 * logs bloom may hold the address (and one of the topics) has its receipts fetched
 * ({@code eth_getBlockReceipts}) and the receipts trie rebuilt, which must give the header's
 * {@code receiptsRoot}; the logs are then taken from those receipts. A block whose bloom says "no" is
 * skipped: the bloom is part of the verified header, so an endpoint cannot clear it.
 *
 * <p>No bound on the range: the walk goes down from the pinned (trusted) header, so each header is
 * trusted the moment it links to the one above it and only the candidate headers are kept; the range
 * is the caller's (a sync from the registry's deploy block), not the endpoint's choice. A long walk
 * reports its progress like the reader's header walks.
 */
final class ProvenLogs {
    private static final int BATCH = 128;

    private ProvenLogs() {
    }

    static List<LogEntry> scan(JsonRpcClient c, BlockHeader pinned, long fromBlock, String address,
            Set<String> topic0s, HeaderWalkListener progress) throws ChainException {
        URI ep = c.endpoint();
        long from = Math.max(0, fromBlock);
        byte[] addr = BlockHeader.unhex(address);
        List<BlockHeader> candidates = new ArrayList<>();
        if (pinned.number() >= from && mayContain(pinned.logsBloom(), addr, topic0s)) {
            candidates.add(pinned);
        }
        BlockHeader child = pinned;
        progress.linking(from, pinned.number(), 0);
        for (long next = pinned.number() - 1; next >= from; ) {
            long low = Math.max(from, next - BATCH + 1);
            List<RpcRequest> reqs = new ArrayList<>();
            for (long n = next; n >= low; n--) {
                reqs.add(RpcRequest.of("eth_getBlockByNumber", VerifiedChainReader.hexQuantity(n), false));
            }
            List<JsonNode> answers = c.batch(reqs);
            for (int i = 0; i < answers.size(); i++) {
                long n = next - i;
                BlockHeader h = VerifiedChainReader.header(c, "eth_getBlockByNumber", answers.get(i));
                if (h.number() != n || !h.computeHash().equals(h.hash()) || !h.hash().equals(child.parentHash())) {
                    throw new HeaderChainException(ep, n, "header does not link to block " + child.number()
                            + " (claimed hash " + h.hash() + ", recomputed " + h.computeHash() + ", expected "
                            + child.parentHash() + ")");
                }
                if (mayContain(h.logsBloom(), addr, topic0s)) {
                    candidates.add(h);
                }
                child = h;
            }
            next = low - 1;
            progress.linking(from, pinned.number(), pinned.number() - child.number());
        }
        candidates.sort((x, y) -> Long.compare(x.number(), y.number()));
        List<LogEntry> out = new ArrayList<>();
        for (BlockHeader h : candidates) {
            out.addAll(logsOf(c, h, address.toLowerCase(Locale.ROOT), topic0s));
        }
        return out;
    }

    private static List<LogEntry> logsOf(JsonRpcClient c, BlockHeader h, String address, Set<String> topic0s)
            throws ChainException {
        URI ep = c.endpoint();
        // by number: every node takes it; an answer from another block fails the receipts-root check anyway
        JsonNode receipts = c.call("eth_getBlockReceipts", VerifiedChainReader.hexQuantity(h.number()));
        if (!receipts.isArray()) {
            throw new RpcMalformedResponseException(ep, "eth_getBlockReceipts", "result is not an array for block "
                    + h.number());
        }
        List<byte[]> keys = new ArrayList<>();
        List<byte[]> values = new ArrayList<>();
        List<LogEntry> found = new ArrayList<>();
        long logIndex = 0;
        try {
            for (int i = 0; i < receipts.size(); i++) {
                JsonNode r = receipts.get(i);
                keys.add(Rlp.encodeInt(BigInteger.valueOf(i)));
                List<byte[]> logs = new ArrayList<>();
                for (JsonNode l : r.path("logs")) {
                    List<byte[]> topics = new ArrayList<>();
                    List<String> topicHex = new ArrayList<>();
                    for (JsonNode t : l.path("topics")) {
                        byte[] tb = BlockHeader.unhex(t.asText());
                        topics.add(Rlp.encodeBytes(tb));
                        topicHex.add(BlockHeader.hex(tb));
                    }
                    byte[] logAddr = BlockHeader.unhex(l.path("address").asText());
                    byte[] data = BlockHeader.unhex(l.path("data").asText());
                    logs.add(Rlp.encodeList(List.of(Rlp.encodeBytes(logAddr), Rlp.encodeList(topics),
                            Rlp.encodeBytes(data))));
                    String la = BlockHeader.hex(logAddr);
                    if (la.equals(address) && (topic0s.isEmpty()
                            || (!topicHex.isEmpty() && topic0s.contains(topicHex.get(0))))) {
                        found.add(new LogEntry(la, List.copyOf(topicHex), BlockHeader.hex(data), h.number(), h.hash(),
                                BlockHeader.hex(BlockHeader.unhex(r.path("transactionHash").asText())), logIndex));
                    }
                    logIndex++;
                }
                List<byte[]> fields = new ArrayList<>();
                if (r.hasNonNull("status")) {
                    fields.add(Rlp.encodeInt(BlockHeader.parseQuantity("status", r.get("status").asText())));
                } else {
                    fields.add(Rlp.encodeBytes(BlockHeader.unhex(r.path("root").asText())));
                }
                fields.add(Rlp.encodeInt(BlockHeader.parseQuantity("cumulativeGasUsed",
                        r.path("cumulativeGasUsed").asText())));
                fields.add(Rlp.encodeBytes(BlockHeader.unhex(r.path("logsBloom").asText())));
                fields.add(Rlp.encodeList(logs));
                byte[] body = Rlp.encodeList(fields);
                int type = r.hasNonNull("type") ? BlockHeader.parseQuantity("type", r.get("type").asText()).intValueExact()
                        : 0;
                if (type != 0) {
                    byte[] typed = new byte[body.length + 1];
                    typed[0] = (byte) type;
                    System.arraycopy(body, 0, typed, 1, body.length);
                    body = typed;
                }
                values.add(body);
            }
        } catch (IllegalArgumentException | ArithmeticException e) {
            throw new RpcMalformedResponseException(ep, "eth_getBlockReceipts", "block " + h.number() + ": "
                    + e.getMessage());
        }
        byte[] root = TrieRoot.root(keys, values);
        if (!Arrays.equals(root, h.receiptsRoot())) {
            throw new HeaderChainException(ep, h.number(), "receipts do not match the header's receiptsRoot "
                    + BlockHeader.hex(h.receiptsRoot()) + " (rebuilt " + BlockHeader.hex(root)
                    + "): logs were hidden, added or changed");
        }
        return found;
    }

    /** Bloom test (yellow paper 4.3.1): three 11-bit indexes from keccak of the value. */
    static boolean mayContain(byte[] bloom, byte[] address, Set<String> topic0s) {
        if (!inBloom(bloom, address)) {
            return false;
        }
        if (topic0s.isEmpty()) {
            return true;
        }
        for (String t : topic0s) {
            if (inBloom(bloom, BlockHeader.unhex(t))) {
                return true;
            }
        }
        return false;
    }

    private static boolean inBloom(byte[] bloom, byte[] value) {
        byte[] h = Hash.sha3(value);
        for (int i = 0; i < 6; i += 2) {
            int bit = ((h[i] & 0xff) << 8 | (h[i + 1] & 0xff)) & 2047;
            if ((bloom[255 - bit / 8] & (1 << (bit % 8))) == 0) {
                return false;
            }
        }
        return true;
    }
}
