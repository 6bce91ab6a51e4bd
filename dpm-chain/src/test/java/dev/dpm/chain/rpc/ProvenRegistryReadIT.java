package dev.dpm.chain.rpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.math.BigInteger;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.web3j.abi.FunctionEncoder;
import org.web3j.abi.FunctionReturnDecoder;
import org.web3j.abi.TypeReference;
import org.web3j.abi.datatypes.Address;
import org.web3j.abi.datatypes.DynamicArray;
import org.web3j.abi.datatypes.Function;
import org.web3j.abi.datatypes.Type;
import org.web3j.abi.datatypes.generated.Uint256;

/**
 * The registry contract itself (contracts/build/Registry.json, the pinned solc build) read through
 * storage proofs: slots come from the compiler's storageLayout by label, values are checked against the
 * contract's getters, and a single endpoint that rewrites {@code threshold()} is caught by the proof.
 */
class ProvenRegistryReadIT {
    private static final List<String> ADMINS = List.of(Anvil.DEV_ACCOUNT, Anvil.DEV_ACCOUNT_2,
            "0x3c44cdddb6a900fa2b585dd299e03d12fa4293bc");
    private static final String PUBLISHER = "0x90f79bf6eb2c4f827065a2d5f5aad0d7c8a2a7a0";

    @TempDir
    Path tmp;

    @Test
    void governanceStateIsProvenAndALieIsCaught() throws Exception {
        JsonNode build = new ObjectMapper().readTree(Path.of(System.getProperty("dpm.repo.root"),
                "contracts/build/Registry.json").toFile());
        try (Anvil anvil = Anvil.start(tmp); LyingRpcProxy proxy = LyingRpcProxy.start(anvil.uri())) {
            String ctor = FunctionEncoder.encodeConstructor(List.of(
                    new DynamicArray<>(Address.class, ADMINS.stream().map(Address::new).toList()),
                    new Uint256(2), new Uint256(86_400),
                    new DynamicArray<>(Address.class, List.of(new Address(PUBLISHER)))));
            Map<String, Object> tx = new LinkedHashMap<>();
            tx.put("from", Anvil.DEV_ACCOUNT);
            tx.put("data", build.get("bytecode").asText() + ctor);
            tx.put("gas", "0x1c9c380");
            String hash = anvil.rpc("eth_sendTransaction", tx).asText();
            JsonNode receipt = anvil.receipt(hash);
            assertThat(receipt.get("status").asText()).isEqualTo("0x1");
            String registry = receipt.get("contractAddress").asText();

            try (VerifiedChainReader reader = VerifiedChainReader.builder().endpoint(proxy.uri()).chainId(31337)
                    .build()) {
                VerifiedChainView view = reader.pin();
                ProvenState state = view.provenState();
                BigInteger thresholdSlot = slot(build, "threshold");
                BigInteger threshold = state.uintAt(registry, thresholdSlot);
                assertThat(threshold).isEqualTo(2).isEqualTo(uintCall(view, registry, "threshold"));

                BigInteger adminList = slot(build, "adminList");
                assertThat(state.uintAt(registry, adminList)).isEqualTo(ADMINS.size());
                for (int i = 0; i < ADMINS.size(); i++) {
                    byte[] w = state.storageAt(registry, SolidityStorage.arrayElementSlot(adminList,
                            BigInteger.valueOf(i), 1));
                    assertThat(SolidityStorage.addressAt(w, 0)).isEqualTo(ADMINS.get(i));
                }
                // publisherIndex[addr] is index + 1 for a publisher, 0 otherwise
                BigInteger publisherIndex = slot(build, "publisherIndex");
                assertThat(state.uintAt(registry, SolidityStorage.mappingSlotForAddress(publisherIndex, PUBLISHER)))
                        .isPositive();
                assertThat(state.uintAt(registry, SolidityStorage.mappingSlotForAddress(publisherIndex,
                        Anvil.DEV_ACCOUNT))).isZero();

                proxy.mode(LyingRpcProxy.Mode.REWRITE);
                VerifiedChainView lied = reader.pin();
                assertThat(uintCall(lied, registry, "threshold")).isEqualTo(3); // 2 with its last bit flipped
                assertThatThrownBy(() -> lied.provenState().uintAt(registry, thresholdSlot))
                        .isInstanceOfSatisfying(ProofException.class,
                                e -> assertThat(e.endpoint()).isEqualTo(proxy.uri()));
            }
        }
    }

    private static BigInteger slot(JsonNode build, String label) {
        for (JsonNode s : build.get("storageLayout").get("storage")) {
            if (s.get("label").asText().equals(label)) {
                return new BigInteger(s.get("slot").asText());
            }
        }
        throw new AssertionError("no state variable " + label + " in the registry's storage layout");
    }

    @SuppressWarnings({"rawtypes", "unchecked"})
    private static BigInteger uintCall(ChainView view, String contract, String name) throws Exception {
        Function f = new Function(name, List.of(), (List) List.of(new TypeReference<Uint256>() { }));
        List<Type> out = FunctionReturnDecoder.decode(
                BlockHeader.hex(view.call(contract, BlockHeader.unhex(FunctionEncoder.encode(f)))),
                f.getOutputParameters());
        return (BigInteger) out.get(0).getValue();
    }
}
