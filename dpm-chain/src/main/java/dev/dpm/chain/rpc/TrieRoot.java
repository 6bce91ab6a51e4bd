package dev.dpm.chain.rpc;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import org.web3j.crypto.Hash;

/**
 * Computes the root hash of a Merkle-Patricia trie from all its key/value pairs (yellow paper,
 * appendix D), as a block's {@code receiptsRoot} is defined: key {@code rlp(index)}, value the encoded
 * receipt. Used to check that a list of receipts is exactly the one a verified header commits to.
 */
final class TrieRoot {
    private TrieRoot() {
    }

    private record Entry(byte[] path, byte[] value) {
    }

    /** The root of the trie holding {@code values.get(i)} under {@code keys.get(i)} (keys distinct). */
    static byte[] root(List<byte[]> keys, List<byte[]> values) {
        if (keys.isEmpty()) {
            return MerklePatriciaProof.EMPTY_ROOT.clone();
        }
        List<Entry> entries = new ArrayList<>();
        for (int i = 0; i < keys.size(); i++) {
            entries.add(new Entry(nibbles(keys.get(i)), values.get(i)));
        }
        entries.sort(Comparator.comparing(Entry::path, Arrays::compare));
        return Hash.sha3(node(entries, 0));
    }

    /** The RLP encoding of the node holding {@code entries}, whose paths agree up to {@code depth}. */
    private static byte[] node(List<Entry> entries, int depth) {
        if (entries.size() == 1) {
            Entry e = entries.get(0);
            byte[] rest = Arrays.copyOfRange(e.path, depth, e.path.length);
            return Rlp.encodeList(List.of(Rlp.encodeBytes(hexPrefix(rest, true)), Rlp.encodeBytes(e.value)));
        }
        int common = commonPrefix(entries, depth);
        if (common > 0) {
            byte[] prefix = Arrays.copyOfRange(entries.get(0).path, depth, depth + common);
            return Rlp.encodeList(List.of(Rlp.encodeBytes(hexPrefix(prefix, false)),
                    reference(node(entries, depth + common))));
        }
        List<byte[]> items = new ArrayList<>();
        byte[] value = new byte[0];
        int i = 0;
        if (entries.get(0).path.length == depth) {
            value = entries.get(0).value; // a key that ends at this branch
            i = 1;
        }
        for (int nibble = 0; nibble < 16; nibble++) {
            List<Entry> child = new ArrayList<>();
            while (i < entries.size() && entries.get(i).path[depth] == nibble) {
                child.add(entries.get(i++));
            }
            items.add(child.isEmpty() ? Rlp.encodeBytes(new byte[0]) : reference(node(child, depth + 1)));
        }
        items.add(Rlp.encodeBytes(value));
        return Rlp.encodeList(items);
    }

    /** How a parent refers to a child: embedded when its encoding is shorter than 32 bytes, else by hash. */
    private static byte[] reference(byte[] encodedNode) {
        return encodedNode.length < 32 ? encodedNode : Rlp.encodeBytes(Hash.sha3(encodedNode));
    }

    private static int commonPrefix(List<Entry> entries, int depth) {
        byte[] first = entries.get(0).path;
        byte[] last = entries.get(entries.size() - 1).path; // sorted: first and last bound the rest
        int n = 0;
        while (depth + n < first.length && depth + n < last.length && first[depth + n] == last[depth + n]) {
            n++;
        }
        return n;
    }

    private static byte[] hexPrefix(byte[] nibbles, boolean leaf) {
        boolean odd = nibbles.length % 2 == 1;
        int flag = (leaf ? 2 : 0) + (odd ? 1 : 0);
        byte[] out = new byte[nibbles.length / 2 + 1];
        int start;
        if (odd) {
            out[0] = (byte) ((flag << 4) | nibbles[0]);
            start = 1;
        } else {
            out[0] = (byte) (flag << 4);
            start = 0;
        }
        for (int i = start, o = 1; i < nibbles.length; i += 2, o++) {
            out[o] = (byte) ((nibbles[i] << 4) | nibbles[i + 1]);
        }
        return out;
    }

    private static byte[] nibbles(byte[] key) {
        byte[] n = new byte[key.length * 2];
        for (int i = 0; i < key.length; i++) {
            n[2 * i] = (byte) ((key[i] & 0xff) >> 4);
            n[2 * i + 1] = (byte) (key[i] & 0x0f);
        }
        return n;
    }
}
