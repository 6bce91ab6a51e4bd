package dev.dpm.chain.rpc;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * A block the user trusts out of band (from a block explorer, a release note, another node): every
 * pinned block must descend from it through a chain of headers whose hashes recompute and link.
 *
 * @param number block number
 * @param hash   block hash, 0x-prefixed hex (stored lower-case)
 */
public record Checkpoint(long number, String hash) {
    private static final Pattern HASH = Pattern.compile("0x[0-9a-f]{64}");

    public Checkpoint {
        hash = hash.toLowerCase(Locale.ROOT);
        if (number < 0 || !HASH.matcher(hash).matches()) {
            throw new IllegalArgumentException("checkpoint needs a block number >= 0 and a 32-byte 0x hash: "
                    + number + " " + hash);
        }
    }

    /** Parses {@code NUMBER:0xHASH}, the form used in configuration. */
    public static Checkpoint parse(String text) {
        int colon = text.indexOf(':');
        if (colon < 0) {
            throw new IllegalArgumentException("checkpoint must be NUMBER:0xHASH, got " + text);
        }
        return new Checkpoint(Long.parseLong(text.substring(0, colon).trim()), text.substring(colon + 1).trim());
    }
}
