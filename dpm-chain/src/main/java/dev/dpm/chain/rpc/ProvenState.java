package dev.dpm.chain.rpc;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dpm.chain.ChainException;
import java.math.BigInteger;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import org.web3j.crypto.Hash;

/**
 * Contract storage verified by EIP-1186 proofs ({@code eth_getProof}) against the pinned block's state
 * root, so a single endpoint cannot lie about it: the account proof links the account (and its storage
 * root) to the state root, each storage proof links a slot's value to the storage root. Every endpoint
 * of the view is asked and every answer is verified. A value is returned only when its proof checks
 * out; otherwise {@link ProofException} names the endpoint and slot.
 *
 * <p>The state root itself is trusted as far as the pinned block is: cross-checked by hash across
 * endpoints, its header hash recomputed, and linked to the checkpoint when one is configured. Thread-safe.
 */
public final class ProvenState {
    private static final Pattern ADDRESS = Pattern.compile("0x[0-9a-f]{40}");
    private static final BigInteger TWO_256 = BigInteger.ONE.shiftLeft(256);

    private final Endpoints endpoints;
    private final BlockHeader block;

    ProvenState(Endpoints endpoints, BlockHeader block) {
        this.endpoints = endpoints;
        this.block = block;
    }

    /** The block whose state root the proofs are checked against. */
    public BlockRef block() {
        return block.ref();
    }

    /** The proven account (nonce, balance, storage root, code hash) of {@code address}. */
    public ProvenAccount account(String address) throws ChainException {
        return prove(address, List.of()).account;
    }

    /** The proven 32-byte word in storage slot {@code slot} of contract {@code address} (zero if unset). */
    public byte[] storageAt(String address, BigInteger slot) throws ChainException {
        return storageAt(address, List.of(slot)).get(0);
    }

    /** The proven storage slot as an unsigned integer. */
    public BigInteger uintAt(String address, BigInteger slot) throws ChainException {
        return new BigInteger(1, storageAt(address, slot));
    }

    /** Proven 32-byte words of several slots of one contract, with one {@code eth_getProof} per endpoint. */
    public List<byte[]> storageAt(String address, List<BigInteger> slots) throws ChainException {
        return prove(address, slots).words;
    }

    private record Proven(ProvenAccount account, List<byte[]> words) {
    }

    private Proven prove(String address, List<BigInteger> slots) throws ChainException {
        String addr = address.toLowerCase(Locale.ROOT);
        if (!ADDRESS.matcher(addr).matches()) {
            throw new IllegalArgumentException("not an address: " + address);
        }
        List<String> keys = new ArrayList<>();
        for (BigInteger s : slots) {
            if (s.signum() < 0 || s.compareTo(TWO_256) >= 0) {
                throw new IllegalArgumentException("storage slot out of range: " + s);
            }
            keys.add(SolidityStorage.word(s));
        }
        List<Proven> all = endpoints.onAll(c -> {
            JsonNode r = c.call("eth_getProof", addr, keys, java.util.Map.of("blockHash", block.hash()));
            return verify(c.endpoint(), addr, keys, r);
        });
        // all proofs verified against the same root, so they agree; return the first
        return all.get(0);
    }

    private Proven verify(URI endpoint, String addr, List<String> keys, JsonNode r) throws ChainException {
        long n = block.number();
        try {
            if (!r.isObject()) {
                throw new ProofException(endpoint, addr, null, n, "eth_getProof result is not an object");
            }
            byte[] accountValue;
            try {
                accountValue = MerklePatriciaProof.verify(BlockHeader.unhex(block.stateRoot()),
                        Hash.sha3(BlockHeader.unhex(addr)), nodes(r.path("accountProof")));
            } catch (MerklePatriciaProof.InvalidProof e) {
                throw new ProofException(endpoint, addr, null, n, "account proof: " + e.getMessage());
            }
            ProvenAccount account;
            byte[] storageRoot;
            if (accountValue == null) {
                account = new ProvenAccount(addr, false, BigInteger.ZERO, BigInteger.ZERO,
                        BlockHeader.hex(MerklePatriciaProof.EMPTY_ROOT), BlockHeader.hex(Hash.sha3(new byte[0])));
                storageRoot = MerklePatriciaProof.EMPTY_ROOT;
            } else {
                Rlp.Item acc = Rlp.decode(accountValue);
                if (!acc.isList() || acc.list().size() != 4) {
                    throw new ProofException(endpoint, addr, null, n, "account leaf is not [nonce, balance, "
                            + "storageRoot, codeHash]");
                }
                storageRoot = acc.list().get(2).bytes();
                account = new ProvenAccount(addr, true, new BigInteger(1, acc.list().get(0).bytes()),
                        new BigInteger(1, acc.list().get(1).bytes()), BlockHeader.hex(storageRoot),
                        BlockHeader.hex(acc.list().get(3).bytes()));
                // the endpoint's own claims must match what it proved
                requireClaim(endpoint, addr, n, "nonce", account.nonce(), r.path("nonce"));
                requireClaim(endpoint, addr, n, "balance", account.balance(), r.path("balance"));
                if (!account.storageRoot().equals(r.path("storageHash").asText().toLowerCase(Locale.ROOT))) {
                    throw new ProofException(endpoint, addr, null, n, "claimed storageHash "
                            + r.path("storageHash").asText() + " but the proof gives " + account.storageRoot());
                }
            }
            JsonNode sp = r.path("storageProof");
            if (!sp.isArray() || sp.size() != keys.size()) {
                throw new ProofException(endpoint, addr, null, n, "expected " + keys.size() + " storage proofs, got "
                        + (sp.isArray() ? sp.size() : "none"));
            }
            List<byte[]> words = new ArrayList<>();
            for (int i = 0; i < keys.size(); i++) {
                String key = keys.get(i);
                JsonNode one = sp.get(i);
                BigInteger claimedKey = BlockHeader.parseQuantity("key", one.path("key").asText());
                if (!claimedKey.equals(new BigInteger(key.substring(2), 16))) {
                    throw new ProofException(endpoint, addr, key, n, "storage proof is for key "
                            + one.path("key").asText());
                }
                byte[] leaf;
                try {
                    leaf = MerklePatriciaProof.verify(storageRoot, Hash.sha3(BlockHeader.unhex(key)),
                            nodes(one.path("proof")));
                } catch (MerklePatriciaProof.InvalidProof e) {
                    throw new ProofException(endpoint, addr, key, n, "storage proof: " + e.getMessage());
                }
                BigInteger value = BigInteger.ZERO;
                if (leaf != null) {
                    Rlp.Item v = Rlp.decode(leaf);
                    if (v.isList() || v.bytes().length > 32) {
                        throw new ProofException(endpoint, addr, key, n, "storage leaf is not a 32-byte integer");
                    }
                    value = new BigInteger(1, v.bytes());
                }
                BigInteger claimed = BlockHeader.parseQuantity("value", one.path("value").asText());
                if (!claimed.equals(value)) {
                    throw new ProofException(endpoint, addr, key, n, "endpoint claims value 0x"
                            + claimed.toString(16) + " but the proof gives 0x" + value.toString(16));
                }
                words.add(SolidityStorage.toWord(value));
            }
            return new Proven(account, List.copyOf(words));
        } catch (IllegalArgumentException e) {
            throw new ProofException(endpoint, addr, null, n, "malformed proof: " + e.getMessage());
        }
    }

    private static void requireClaim(URI endpoint, String addr, long n, String field, BigInteger proven,
            JsonNode claimed) throws ProofException {
        BigInteger c = BlockHeader.parseQuantity(field, claimed.asText());
        if (!c.equals(proven)) {
            throw new ProofException(endpoint, addr, null, n, "claimed " + field + " 0x" + c.toString(16)
                    + " but the proof gives 0x" + proven.toString(16));
        }
    }

    private static List<byte[]> nodes(JsonNode array) {
        if (!array.isArray()) {
            throw new IllegalArgumentException("proof is not an array");
        }
        List<byte[]> out = new ArrayList<>();
        for (JsonNode n : array) {
            out.add(BlockHeader.unhex(n.asText()));
        }
        return out;
    }

    @Override
    public String toString() {
        return "ProvenState[block " + block.number() + " stateRoot " + block.stateRoot() + "]";
    }
}
