package dev.dpm.chain.rpc;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigInteger;
import java.net.URI;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import org.web3j.crypto.Hash;

/**
 * A block header as an endpoint returned it from {@code eth_getBlockByNumber}, with enough fields to
 * recompute its hash: the keccak-256 of the RLP list of the header fields in consensus order, the fork
 * fields (London {@code baseFeePerGas}, Shanghai {@code withdrawalsRoot}, Cancun {@code blobGasUsed},
 * {@code excessBlobGas}, {@code parentBeaconBlockRoot}, Prague {@code requestsHash}) appended when the
 * endpoint returns them.
 *
 * @param number     block number
 * @param hash       the hash the endpoint claims, 0x-prefixed lower-case hex
 * @param parentHash parent hash, 0x-prefixed lower-case hex
 * @param timestamp  seconds since the epoch
 * @param stateRoot  state root, 0x-prefixed lower-case hex
 * @param extraData  the raw extra-data field (Clique: vanity, signers, seal)
 * @param fields     the RLP-encoded header fields in consensus order
 */
public record BlockHeader(long number, String hash, String parentHash, long timestamp, String stateRoot,
        byte[] extraData, List<byte[]> fields) {

    private static final HexFormat HEX = HexFormat.of();
    /** Index of extraData among the header fields. */
    static final int EXTRA_DATA_INDEX = 12;

    /**
     * Parses the JSON block object returned by {@code eth_getBlockByNumber(n, false)}.
     *
     * @throws RpcMalformedResponseException if a required field is missing or malformed
     */
    public static BlockHeader parse(URI endpoint, String method, JsonNode b) throws RpcMalformedResponseException {
        if (b == null || !b.isObject()) {
            throw new RpcMalformedResponseException(endpoint, method, "block is not a JSON object");
        }
        try {
            List<byte[]> f = new ArrayList<>();
            f.add(Rlp.encodeBytes(fixed(b, "parentHash", 32)));
            f.add(Rlp.encodeBytes(fixed(b, "sha3Uncles", 32)));
            f.add(Rlp.encodeBytes(fixed(b, "miner", 20)));
            f.add(Rlp.encodeBytes(fixed(b, "stateRoot", 32)));
            f.add(Rlp.encodeBytes(fixed(b, "transactionsRoot", 32)));
            f.add(Rlp.encodeBytes(fixed(b, "receiptsRoot", 32)));
            f.add(Rlp.encodeBytes(fixed(b, "logsBloom", 256)));
            f.add(Rlp.encodeInt(quantity(b, "difficulty")));
            f.add(Rlp.encodeInt(quantity(b, "number")));
            f.add(Rlp.encodeInt(quantity(b, "gasLimit")));
            f.add(Rlp.encodeInt(quantity(b, "gasUsed")));
            f.add(Rlp.encodeInt(quantity(b, "timestamp")));
            byte[] extra = data(b, "extraData");
            f.add(Rlp.encodeBytes(extra));
            f.add(Rlp.encodeBytes(fixed(b, "mixHash", 32)));
            f.add(Rlp.encodeBytes(fixed(b, "nonce", 8)));
            // fork fields: each is present from its fork on, and later ones imply earlier ones
            if (b.hasNonNull("baseFeePerGas")) {
                f.add(Rlp.encodeInt(quantity(b, "baseFeePerGas")));
            }
            if (b.hasNonNull("withdrawalsRoot")) {
                f.add(Rlp.encodeBytes(fixed(b, "withdrawalsRoot", 32)));
            }
            if (b.hasNonNull("blobGasUsed")) {
                f.add(Rlp.encodeInt(quantity(b, "blobGasUsed")));
                f.add(Rlp.encodeInt(quantity(b, "excessBlobGas")));
            }
            if (b.hasNonNull("parentBeaconBlockRoot")) {
                f.add(Rlp.encodeBytes(fixed(b, "parentBeaconBlockRoot", 32)));
            }
            if (b.hasNonNull("requestsHash")) {
                f.add(Rlp.encodeBytes(fixed(b, "requestsHash", 32)));
            }
            long number = quantity(b, "number").longValueExact();
            long timestamp = quantity(b, "timestamp").longValueExact();
            return new BlockHeader(number, hex(fixed(b, "hash", 32)), hex(fixed(b, "parentHash", 32)), timestamp,
                    hex(fixed(b, "stateRoot", 32)), extra, List.copyOf(f));
        } catch (IllegalArgumentException | ArithmeticException e) {
            throw new RpcMalformedResponseException(endpoint, method, "block header: " + e.getMessage());
        }
    }

    /** The keccak-256 of the RLP header, 0x-prefixed lower-case hex. */
    public String computeHash() {
        return hex(Hash.sha3(Rlp.encodeList(fields)));
    }

    /** The receipts root (commits to every receipt, hence every log, of the block). */
    public byte[] receiptsRoot() {
        return Rlp.decode(fields.get(5)).bytes();
    }

    /** The 256-byte logs bloom of the block. */
    public byte[] logsBloom() {
        return Rlp.decode(fields.get(6)).bytes();
    }

    /** The pinned-block value of this header. */
    public BlockRef ref() {
        return new BlockRef(number, hash, timestamp, stateRoot);
    }

    static String hex(byte[] b) {
        return "0x" + HEX.formatHex(b);
    }

    /** Parses strict 0x-prefixed hex of even length. */
    static byte[] unhex(String s) {
        if (s == null || !s.startsWith("0x") || (s.length() % 2) != 0) {
            throw new IllegalArgumentException("not 0x-prefixed even-length hex: " + abbreviate(s));
        }
        return HEX.parseHex(s.substring(2).toLowerCase(Locale.ROOT));
    }

    static String abbreviate(String s) {
        return s == null ? "null" : (s.length() <= 80 ? s : s.substring(0, 80) + "…");
    }

    private static byte[] data(JsonNode b, String field) {
        JsonNode n = b.get(field);
        if (n == null || !n.isTextual()) {
            throw new IllegalArgumentException("missing " + field);
        }
        try {
            return unhex(n.asText());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(field + ": " + e.getMessage());
        }
    }

    private static byte[] fixed(JsonNode b, String field, int length) {
        byte[] v = data(b, field);
        if (v.length != length) {
            throw new IllegalArgumentException(field + " must be " + length + " bytes, is " + v.length);
        }
        return v;
    }

    static BigInteger quantity(JsonNode b, String field) {
        JsonNode n = b.get(field);
        if (n == null || !n.isTextual()) {
            throw new IllegalArgumentException("missing " + field);
        }
        return parseQuantity(field, n.asText());
    }

    static BigInteger parseQuantity(String field, String s) {
        if (!s.startsWith("0x") || s.length() < 3 || s.length() > 66) {
            throw new IllegalArgumentException(field + " is not a hex quantity: " + abbreviate(s));
        }
        try {
            return new BigInteger(s.substring(2), 16);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(field + " is not a hex quantity: " + abbreviate(s));
        }
    }
}
