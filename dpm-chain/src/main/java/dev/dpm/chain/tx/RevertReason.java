package dev.dpm.chain.tx;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.web3j.utils.Numeric;

/** Turns revert data ({@code Error(string)}, {@code Panic(uint256)}) into words. */
public final class RevertReason {
    private static final String ERROR = "08c379a0";
    private static final String PANIC = "4e487b71";

    private RevertReason() {
    }

    /**
     * The reason in words: the string of {@code Error(string)}, a description of {@code Panic(uint256)},
     * {@code fallback} when the data is absent or of another shape.
     */
    public static String decode(String revertData, String fallback) {
        if (revertData == null) {
            return fallback;
        }
        String hex = Numeric.cleanHexPrefix(revertData.trim());
        try {
            if (hex.startsWith(ERROR) && hex.length() >= 8 + 128) {
                byte[] b = Numeric.hexStringToByteArray(hex.substring(8));
                int off = new BigInteger(1, Arrays.copyOfRange(b, 0, 32)).intValueExact();
                int len = new BigInteger(1, Arrays.copyOfRange(b, off, off + 32)).intValueExact();
                return new String(b, off + 32, len, StandardCharsets.UTF_8);
            }
            if (hex.startsWith(PANIC) && hex.length() >= 8 + 64) {
                int code = new BigInteger(hex.substring(8, 72), 16).intValue();
                return "panic 0x" + Integer.toHexString(code) + panicMeaning(code);
            }
        } catch (RuntimeException e) {
            return fallback;
        }
        return fallback;
    }

    private static String panicMeaning(int code) {
        return switch (code) {
            case 0x01 -> " (assertion failed)";
            case 0x11 -> " (arithmetic overflow)";
            case 0x12 -> " (division by zero)";
            case 0x32 -> " (array index out of bounds)";
            case 0x41 -> " (out of memory)";
            default -> "";
        };
    }

    /** Strips a node's "execution reverted: " prefix from an error message. */
    static String fromMessage(String message) {
        if (message == null) {
            return "reverted without a reason";
        }
        String m = message.trim();
        String p = "execution reverted: ";
        int i = m.indexOf(p);
        if (i >= 0) {
            return m.substring(i + p.length());
        }
        return m;
    }
}
