package dev.dpm.chain.rpc;

import java.util.Arrays;
import java.util.List;
import org.web3j.crypto.Hash;

/**
 * Verifies a Merkle-Patricia-trie inclusion or exclusion proof (the {@code accountProof} and
 * {@code proof} lists of EIP-1186): the proof nodes, from the root down, must hash-link from the given
 * root along the key's nibbles, ending in a leaf with the key (inclusion) or in a provably empty branch
 * slot or diverging path (exclusion). Embedded nodes (RLP shorter than 32 bytes) are followed inline.
 */
final class MerklePatriciaProof {
    /** keccak256(rlp("")): the root of an empty trie. */
    static final byte[] EMPTY_ROOT = BlockHeader.unhex(
            "0x56e81f171bcc55a6ff8345e692c0f86e5b48e01b996cadc001622fb5e363b421");

    private MerklePatriciaProof() {
    }

    /** A proof that does not verify; the message says where. */
    static final class InvalidProof extends Exception {
        InvalidProof(String message) {
            super(message);
        }
    }

    /**
     * Returns the value stored under {@code key} in the trie with root {@code root}, or null when the
     * proof shows the key is absent.
     *
     * @throws InvalidProof if the proof does not link to the root or is malformed
     */
    static byte[] verify(byte[] root, byte[] key, List<byte[]> proof) throws InvalidProof {
        byte[] nibbles = nibbles(key);
        int pos = 0;
        int next = 0;
        if (Arrays.equals(root, EMPTY_ROOT)) {
            // the empty trie: nothing to prove, some servers send its single empty node
            if (proof.isEmpty() || (proof.size() == 1 && Arrays.equals(proof.get(0), new byte[] {(byte) 0x80}))) {
                return null;
            }
            throw new InvalidProof("empty trie with a non-empty proof");
        }
        byte[] hashRef = root;
        Rlp.Item node = null;
        while (true) {
            if (hashRef != null) {
                if (next >= proof.size()) {
                    throw new InvalidProof("proof ends after " + next + " nodes, before the key is resolved");
                }
                byte[] enc = proof.get(next);
                if (!Arrays.equals(Hash.sha3(enc), hashRef)) {
                    throw new InvalidProof("node " + next + " does not hash to the reference of its parent");
                }
                next++;
                try {
                    node = Rlp.decode(enc);
                } catch (IllegalArgumentException e) {
                    throw new InvalidProof("node " + (next - 1) + " is not RLP: " + e.getMessage());
                }
                hashRef = null;
            }
            if (!node.isList()) {
                throw new InvalidProof("trie node is not a list");
            }
            List<Rlp.Item> items = node.list();
            if (items.size() == 17) {
                if (pos == nibbles.length) {
                    byte[] v = items.get(16).bytes();
                    return finish(proof, next, v == null || v.length == 0 ? null : v);
                }
                Rlp.Item child = items.get(nibbles[pos]);
                pos++;
                if (!child.isList() && child.bytes().length == 0) {
                    return finish(proof, next, null);
                }
                if (child.isList()) {
                    node = child;
                } else if (child.bytes().length == 32) {
                    hashRef = child.bytes();
                } else {
                    throw new InvalidProof("branch child of " + child.bytes().length + " bytes");
                }
            } else if (items.size() == 2) {
                if (items.get(0).isList()) {
                    throw new InvalidProof("path of a short node is a list");
                }
                byte[] path = items.get(0).bytes();
                if (path.length == 0) {
                    throw new InvalidProof("short node with an empty path");
                }
                int flag = (path[0] & 0xff) >> 4;
                if (flag > 3) {
                    throw new InvalidProof("bad hex-prefix flag " + flag);
                }
                boolean leaf = flag >= 2;
                byte[] p = hexPrefixNibbles(path, (flag & 1) == 1);
                boolean matches = nibbles.length - pos >= p.length
                        && Arrays.equals(Arrays.copyOfRange(nibbles, pos, pos + p.length), p);
                if (leaf) {
                    if (matches && pos + p.length == nibbles.length) {
                        Rlp.Item v = items.get(1);
                        if (v.isList()) {
                            throw new InvalidProof("leaf value is a list");
                        }
                        return finish(proof, next, v.bytes());
                    }
                    return finish(proof, next, null);
                }
                if (!matches) {
                    return finish(proof, next, null);
                }
                pos += p.length;
                Rlp.Item child = items.get(1);
                if (child.isList()) {
                    node = child;
                } else if (child.bytes().length == 32) {
                    hashRef = child.bytes();
                } else {
                    throw new InvalidProof("extension child of " + child.bytes().length + " bytes");
                }
            } else {
                throw new InvalidProof("trie node with " + items.size() + " items");
            }
        }
    }

    private static byte[] finish(List<byte[]> proof, int used, byte[] value) throws InvalidProof {
        if (used != proof.size()) {
            throw new InvalidProof("proof has " + (proof.size() - used) + " nodes past the end of the path");
        }
        return value;
    }

    private static byte[] nibbles(byte[] key) {
        byte[] n = new byte[key.length * 2];
        for (int i = 0; i < key.length; i++) {
            n[2 * i] = (byte) ((key[i] & 0xff) >> 4);
            n[2 * i + 1] = (byte) (key[i] & 0x0f);
        }
        return n;
    }

    private static byte[] hexPrefixNibbles(byte[] path, boolean odd) {
        byte[] all = nibbles(path);
        // drop the flag nibble, and the padding nibble when the length is even
        return Arrays.copyOfRange(all, odd ? 1 : 2, all.length);
    }
}
