package dev.dpm.chain.rpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.web3j.crypto.Hash;

/** Proofs recorded from anvil (the reference trie implementation), then tampered with. */
class MerklePatriciaProofTest {
    private final JsonNode fx = Fixtures.anvilProofs();
    private final byte[] stateRoot = BlockHeader.unhex(fx.get("block").get("stateRoot").asText());

    private static List<byte[]> nodes(JsonNode a) {
        List<byte[]> out = new ArrayList<>();
        a.forEach(n -> out.add(BlockHeader.unhex(n.asText())));
        return out;
    }

    private byte[] contractAccount() throws Exception {
        JsonNode p = fx.get("contractProof");
        return MerklePatriciaProof.verify(stateRoot, Hash.sha3(BlockHeader.unhex(p.get("address").asText())),
                nodes(p.get("accountProof")));
    }

    @Test
    void provesAccountAndStorageValues() throws Exception {
        byte[] account = contractAccount();
        assertThat(account).isNotNull();
        Rlp.Item acc = Rlp.decode(account);
        byte[] storageRoot = acc.list().get(2).bytes();
        assertThat(BlockHeader.hex(storageRoot)).isEqualTo(fx.get("contractProof").get("storageHash").asText());
        // slots i hold 7i+1 (set by the recording script): 5 -> 36, 39 -> 274, 1000 -> unset
        long[] expected = {36, 274, 0};
        JsonNode sp = fx.get("contractProof").get("storageProof");
        for (int i = 0; i < 3; i++) {
            byte[] leaf = MerklePatriciaProof.verify(storageRoot,
                    Hash.sha3(BlockHeader.unhex(sp.get(i).get("key").asText())), nodes(sp.get(i).get("proof")));
            BigInteger v = leaf == null ? BigInteger.ZERO : new BigInteger(1, Rlp.decode(leaf).bytes());
            assertThat(v).isEqualTo(expected[i]);
        }
    }

    @Test
    void provesAbsenceOfAnAccount() throws Exception {
        JsonNode p = fx.get("absentAccountProof");
        assertThat(MerklePatriciaProof.verify(stateRoot, Hash.sha3(BlockHeader.unhex(p.get("address").asText())),
                nodes(p.get("accountProof")))).isNull();
    }

    @Test
    void tamperedNodeBreaksTheHashLink() {
        List<byte[]> proof = nodes(fx.get("contractProof").get("accountProof"));
        for (int node = 0; node < proof.size(); node++) {
            List<byte[]> bad = new ArrayList<>(proof);
            byte[] copy = bad.get(node).clone();
            copy[copy.length - 1] ^= 1;
            bad.set(node, copy);
            int n = node;
            assertThatThrownBy(() -> MerklePatriciaProof.verify(stateRoot,
                    Hash.sha3(BlockHeader.unhex(fx.get("contractProof").get("address").asText())), bad))
                    .as("node %d", n).isInstanceOf(MerklePatriciaProof.InvalidProof.class)
                    .hasMessageContaining("node " + n);
        }
    }

    @Test
    void truncatedOrPaddedProofIsRefused() {
        List<byte[]> proof = nodes(fx.get("contractProof").get("accountProof"));
        byte[] key = Hash.sha3(BlockHeader.unhex(fx.get("contractProof").get("address").asText()));
        assertThatThrownBy(() -> MerklePatriciaProof.verify(stateRoot, key, proof.subList(0, proof.size() - 1)))
                .isInstanceOf(MerklePatriciaProof.InvalidProof.class).hasMessageContaining("ends");
        List<byte[]> padded = new ArrayList<>(proof);
        padded.add(proof.get(0));
        assertThatThrownBy(() -> MerklePatriciaProof.verify(stateRoot, key, padded))
                .isInstanceOf(MerklePatriciaProof.InvalidProof.class).hasMessageContaining("past the end");
    }

    @Test
    void proofAgainstAnotherRootIsRefused() {
        byte[] otherRoot = BlockHeader.unhex(fx.get("block1").get("stateRoot").asText());
        assertThatThrownBy(() -> MerklePatriciaProof.verify(otherRoot,
                Hash.sha3(BlockHeader.unhex(fx.get("contractProof").get("address").asText())),
                nodes(fx.get("contractProof").get("accountProof"))))
                .isInstanceOf(MerklePatriciaProof.InvalidProof.class);
    }

    @Test
    void proofForAnotherKeyDoesNotProveThisOne() throws Exception {
        // the proof of slot 5 used for slot 6: it cannot yield slot 5's value for slot 6
        JsonNode sp = fx.get("contractProof").get("storageProof").get(0);
        byte[] storageRoot = Rlp.decode(contractAccount()).list().get(2).bytes();
        byte[] key6 = Hash.sha3(SolidityStorage.toWord(BigInteger.valueOf(6)));
        try {
            byte[] v = MerklePatriciaProof.verify(storageRoot, key6, nodes(sp.get("proof")));
            assertThat(v).isNull();
        } catch (MerklePatriciaProof.InvalidProof expected) {
            // refusing is fine too: the path leaves the given nodes
        }
    }

    @Test
    void emptyTrieProvesEverythingAbsent() throws Exception {
        assertThat(MerklePatriciaProof.verify(MerklePatriciaProof.EMPTY_ROOT, new byte[32], List.of())).isNull();
        assertThat(MerklePatriciaProof.verify(MerklePatriciaProof.EMPTY_ROOT, new byte[32],
                List.of(new byte[] {(byte) 0x80}))).isNull();
    }
}
