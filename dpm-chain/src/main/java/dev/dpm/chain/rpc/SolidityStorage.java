package dev.dpm.chain.rpc;

import dev.dpm.chain.ChainException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import org.web3j.crypto.Hash;

/**
 * Solidity's storage layout arithmetic (Solidity docs, "Layout of State Variables in Storage"), so that
 * a registry read can be turned into the slots that {@link ProvenState} proves: mapping values at
 * {@code keccak256(key . slot)}, dynamic array elements from {@code keccak256(slot)}, strings and
 * bytes short (in the slot, length*2 in the low byte) or long (length*2+1 in the slot, data from
 * {@code keccak256(slot)}). Slots are unsigned 256-bit integers; arithmetic wraps modulo 2^256.
 */
public final class SolidityStorage {
    private static final BigInteger MOD = BigInteger.ONE.shiftLeft(256);

    private SolidityStorage() {
    }

    /** Slot of {@code mapping(K => V)} at {@code mapSlot} for a value-type key already padded to 32 bytes. */
    public static BigInteger mappingSlot(BigInteger mapSlot, byte[] key32) {
        if (key32.length != 32) {
            throw new IllegalArgumentException("value-type mapping keys are 32-byte words, got " + key32.length);
        }
        return keccak(concat(key32, toWord(mapSlot)));
    }

    /** Slot of a mapping with an {@code address} key. */
    public static BigInteger mappingSlotForAddress(BigInteger mapSlot, String address) {
        byte[] a = BlockHeader.unhex(address.toLowerCase(Locale.ROOT));
        if (a.length != 20) {
            throw new IllegalArgumentException("not an address: " + address);
        }
        return mappingSlot(mapSlot, toWord(new BigInteger(1, a)));
    }

    /** Slot of a mapping with a {@code uint256} (or other unsigned integer) key. */
    public static BigInteger mappingSlotForUint(BigInteger mapSlot, BigInteger key) {
        return mappingSlot(mapSlot, toWord(key));
    }

    /** Slot of a mapping with a {@code string} key: {@code keccak256(bytes(key) . slot)}, key unpadded. */
    public static BigInteger mappingSlotForString(BigInteger mapSlot, String key) {
        return mappingSlotForBytes(mapSlot, key.getBytes(StandardCharsets.UTF_8));
    }

    /** Slot of a mapping with a {@code bytes} key: {@code keccak256(key . slot)}, key unpadded. */
    public static BigInteger mappingSlotForBytes(BigInteger mapSlot, byte[] key) {
        return keccak(concat(key, toWord(mapSlot)));
    }

    /** First data slot of a dynamic array (or of long bytes/string) declared at {@code slot}. */
    public static BigInteger dataSlot(BigInteger slot) {
        return keccak(toWord(slot));
    }

    /** Slot of element {@code index} of a dynamic array at {@code slot} whose elements take {@code slotsPerElement}. */
    public static BigInteger arrayElementSlot(BigInteger slot, BigInteger index, int slotsPerElement) {
        return dataSlot(slot).add(index.multiply(BigInteger.valueOf(slotsPerElement))).mod(MOD);
    }

    /** Field {@code offset} (in slots) of a struct whose first slot is {@code base}. */
    public static BigInteger field(BigInteger base, int offset) {
        return base.add(BigInteger.valueOf(offset)).mod(MOD);
    }

    /**
     * Reads a proven {@code bytes}/{@code string} stored at {@code slot} of {@code contract}, refusing
     * lengths above {@code maxLength}.
     */
    public static byte[] readBytes(ProvenState state, String contract, BigInteger slot, int maxLength)
            throws ChainException {
        byte[] head = state.storageAt(contract, slot);
        BigInteger h = new BigInteger(1, head);
        if (!h.testBit(0)) {
            int len = (head[31] & 0xff) / 2;
            if (len > 31) {
                throw new ChainException("storage of " + contract + " slot 0x" + slot.toString(16)
                        + ": short string length " + len + " is impossible");
            }
            return Arrays.copyOf(head, len);
        }
        BigInteger len = h.subtract(BigInteger.ONE).shiftRight(1);
        if (len.compareTo(BigInteger.valueOf(maxLength)) > 0) {
            throw new ChainException("storage of " + contract + " slot 0x" + slot.toString(16) + ": length " + len
                    + " exceeds the bound of " + maxLength + " bytes");
        }
        int n = len.intValueExact();
        List<BigInteger> slots = new ArrayList<>();
        BigInteger data = dataSlot(slot);
        for (int i = 0; i < (n + 31) / 32; i++) {
            slots.add(data.add(BigInteger.valueOf(i)).mod(MOD));
        }
        byte[] out = new byte[n];
        List<byte[]> words = slots.isEmpty() ? List.of() : state.storageAt(contract, slots);
        for (int i = 0; i < words.size(); i++) {
            System.arraycopy(words.get(i), 0, out, i * 32, Math.min(32, n - i * 32));
        }
        return out;
    }

    /** Reads a proven UTF-8 {@code string}, see {@link #readBytes}. */
    public static String readString(ProvenState state, String contract, BigInteger slot, int maxLength)
            throws ChainException {
        return new String(readBytes(state, contract, slot, maxLength), StandardCharsets.UTF_8);
    }

    /**
     * A packed value of {@code sizeBytes} bytes at byte {@code offsetBytes} from the low-order end of a
     * slot (Solidity packs small variables from the right).
     */
    public static BigInteger packed(byte[] word, int offsetBytes, int sizeBytes) {
        if (word.length != 32 || offsetBytes < 0 || sizeBytes < 1 || offsetBytes + sizeBytes > 32) {
            throw new IllegalArgumentException("bad packed field " + offsetBytes + "+" + sizeBytes);
        }
        return new BigInteger(1, Arrays.copyOfRange(word, 32 - offsetBytes - sizeBytes, 32 - offsetBytes));
    }

    /** The address held in the low 20 bytes at byte {@code offsetBytes} of a word, 0x-prefixed lower-case. */
    public static String addressAt(byte[] word, int offsetBytes) {
        return "0x" + HexFormat.of().formatHex(Arrays.copyOfRange(word, 32 - offsetBytes - 20, 32 - offsetBytes));
    }

    /** The 32-byte big-endian word of an unsigned integer below 2^256. */
    public static byte[] toWord(BigInteger v) {
        if (v.signum() < 0 || v.compareTo(MOD) >= 0) {
            throw new IllegalArgumentException("not a uint256: " + v);
        }
        byte[] b = v.toByteArray();
        byte[] out = new byte[32];
        int n = Math.min(b.length, 32);
        System.arraycopy(b, b.length - n, out, 32 - n, n);
        return out;
    }

    /** The 0x-prefixed 64-digit hex of a slot, as {@code eth_getProof} takes it. */
    public static String word(BigInteger v) {
        return BlockHeader.hex(toWord(v));
    }

    private static BigInteger keccak(byte[] b) {
        return new BigInteger(1, Hash.sha3(b));
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
