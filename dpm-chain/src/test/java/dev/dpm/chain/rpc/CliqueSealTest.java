package dev.dpm.chain.rpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigInteger;
import java.net.URI;
import java.util.Arrays;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.web3j.crypto.ECKeyPair;
import org.web3j.crypto.Keys;
import org.web3j.crypto.Sign;

/**
 * Clique seals on a synthetic header: web3j signs (the reference signer), the code under test
 * computes the seal hash and recovers the signer.
 */
class CliqueSealTest {
    private static final URI EP = URI.create("http://clique.invalid");
    private static final ECKeyPair VALIDATOR = ECKeyPair.create(BigInteger.valueOf(0xC11C0E));
    private static final ECKeyPair OUTSIDER = ECKeyPair.create(BigInteger.valueOf(0xBAD));

    private static String address(ECKeyPair k) {
        return "0x" + Keys.getAddress(k);
    }

    private static BlockHeader sealed(ECKeyPair signer) throws Exception {
        ObjectNode b = ((ObjectNode) Fixtures.anvilProofs().get("block1").deepCopy());
        // pre-London Clique shape: drop the fork fields
        for (String f : new String[] {"baseFeePerGas", "withdrawalsRoot", "blobGasUsed", "excessBlobGas",
                "parentBeaconBlockRoot", "requestsHash"}) {
            b.remove(f);
        }
        b.put("extraData", "0x" + "ab".repeat(32) + "00".repeat(65));
        BlockHeader unsigned = BlockHeader.parse(EP, "test", b);
        Sign.SignatureData sig = Sign.signMessage(CliqueSeal.sealHash(unsigned), signer, false);
        byte[] extra = BlockHeader.unhex(b.get("extraData").asText());
        System.arraycopy(sig.getR(), 0, extra, 32, 32);
        System.arraycopy(sig.getS(), 0, extra, 64, 32);
        extra[96] = (byte) (sig.getV()[0] - 27); // Clique stores v as 0/1
        b.put("extraData", BlockHeader.hex(extra));
        return BlockHeader.parse(EP, "test", b);
    }

    @Test
    void recoversTheSigner() throws Exception {
        BlockHeader h = sealed(VALIDATOR);
        assertThat(CliqueSeal.signer(h)).isEqualTo(address(VALIDATOR));
        CliqueSeal.requireValidator(EP, h, Set.of(address(VALIDATOR)));
    }

    @Test
    void refusesASealFromOutsideTheValidatorSet() throws Exception {
        BlockHeader h = sealed(OUTSIDER);
        assertThatThrownBy(() -> CliqueSeal.requireValidator(EP, h, Set.of(address(VALIDATOR))))
                .isInstanceOfSatisfying(HeaderChainException.class, e -> assertThat(e.endpoint()).isEqualTo(EP))
                .hasMessageContaining(address(OUTSIDER));
    }

    @Test
    void sealDoesNotCoverAChangedHeader() throws Exception {
        BlockHeader h = sealed(VALIDATOR);
        var fields = new java.util.ArrayList<>(h.fields());
        fields.set(3, Rlp.encodeBytes(new byte[32])); // another state root
        BlockHeader forged = new BlockHeader(h.number(), h.hash(), h.parentHash(), h.timestamp(), h.stateRoot(),
                h.extraData(), fields);
        assertThat(CliqueSeal.signer(forged)).isNotEqualTo(address(VALIDATOR));
    }

    @Test
    void refusesExtraDataWithoutSeal() throws Exception {
        BlockHeader h = sealed(VALIDATOR);
        BlockHeader bare = new BlockHeader(h.number(), h.hash(), h.parentHash(), h.timestamp(), h.stateRoot(),
                Arrays.copyOf(h.extraData(), 32), h.fields());
        assertThatThrownBy(() -> CliqueSeal.requireValidator(EP, bare, Set.of(address(VALIDATOR))))
                .isInstanceOf(HeaderChainException.class).hasMessageContaining("no valid Clique seal");
    }
}
