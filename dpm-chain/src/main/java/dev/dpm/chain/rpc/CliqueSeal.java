package dev.dpm.chain.rpc;

import java.math.BigInteger;
import java.net.URI;
import java.security.SignatureException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.web3j.crypto.Hash;
import org.web3j.crypto.Keys;
import org.web3j.crypto.Sign;

/**
 * Clique (EIP-225) proof-of-authority seals: the last 65 bytes of {@code extraData} are the signer's
 * secp256k1 signature [r, s, v] over the keccak-256 of the RLP header with those 65 bytes removed.
 */
final class CliqueSeal {
    static final int VANITY = 32;
    static final int SEAL = 65;

    private CliqueSeal() {
    }

    /** The hash a Clique signer signs for {@code h}. */
    static byte[] sealHash(BlockHeader h) {
        byte[] extra = h.extraData();
        if (extra.length < VANITY + SEAL) {
            throw new IllegalArgumentException("extraData of " + extra.length + " bytes has no Clique seal");
        }
        List<byte[]> fields = new ArrayList<>(h.fields());
        fields.set(BlockHeader.EXTRA_DATA_INDEX, Rlp.encodeBytes(Arrays.copyOf(extra, extra.length - SEAL)));
        return Hash.sha3(Rlp.encodeList(fields));
    }

    /** The address (0x-prefixed lower-case) that sealed {@code h}. */
    static String signer(BlockHeader h) throws SignatureException {
        byte[] extra = h.extraData();
        byte[] hash = sealHash(h);
        byte[] sig = Arrays.copyOfRange(extra, extra.length - SEAL, extra.length);
        byte v = sig[64];
        if (v < 27) {
            v += 27;
        }
        Sign.SignatureData data = new Sign.SignatureData(v, Arrays.copyOfRange(sig, 0, 32),
                Arrays.copyOfRange(sig, 32, 64));
        BigInteger key = Sign.signedMessageHashToKey(hash, data);
        return "0x" + Keys.getAddress(key).toLowerCase(Locale.ROOT);
    }

    static void requireValidator(URI endpoint, BlockHeader h, Set<String> validators) throws HeaderChainException {
        String s;
        try {
            s = signer(h);
        } catch (SignatureException | IllegalArgumentException e) {
            throw new HeaderChainException(endpoint, h.number(), "no valid Clique seal: " + e.getMessage());
        }
        if (!validators.contains(s)) {
            throw new HeaderChainException(endpoint, h.number(), "sealed by " + s
                    + ", not one of the configured validators");
        }
    }
}
