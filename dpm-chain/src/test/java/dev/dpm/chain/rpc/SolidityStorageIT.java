package dev.dpm.chain.rpc;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.InputStream;
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
import org.web3j.abi.datatypes.Bool;
import org.web3j.abi.datatypes.Function;
import org.web3j.abi.datatypes.Type;
import org.web3j.abi.datatypes.Utf8String;
import org.web3j.abi.datatypes.generated.Bytes32;
import org.web3j.abi.datatypes.generated.Uint256;
import org.web3j.abi.datatypes.generated.Uint64;

/**
 * {@link SolidityStorage} slot arithmetic read through {@link ProvenState}, checked against the
 * compiler's own getters (eth_call) on a contract compiled by the pinned solc (rpc/StorageLayout.sol,
 * bytecode in rpc/StorageLayout.json).
 */
class SolidityStorageIT {
    @TempDir
    Path tmp;

    private static final String HOLDER = "0x70997970c51812dc3a010c7d01b50e0d17dc79c8";

    @Test
    void provenSlotsEqualTheContractsGetters() throws Exception {
        JsonNode build;
        try (InputStream in = getClass().getResourceAsStream("/rpc/StorageLayout.json")) {
            build = new ObjectMapper().readTree(in);
        }
        try (Anvil anvil = Anvil.start(tmp)) {
            Map<String, Object> tx = new LinkedHashMap<>();
            tx.put("from", Anvil.DEV_ACCOUNT);
            tx.put("data", build.get("bytecode").asText());
            tx.put("gas", "0x1000000");
            String txHash = anvil.rpc("eth_sendTransaction", tx).asText();
            String contract = anvil.receipt(txHash).get("contractAddress").asText();
            try (VerifiedChainReader reader = VerifiedChainReader.builder().endpoint(anvil.uri()).chainId(31337)
                    .build()) {
                VerifiedChainView view = reader.pin();
                ProvenState state = view.provenState();

                assertThat(state.uintAt(contract, BigInteger.ZERO))
                        .isEqualTo(call(view, contract, "counter", List.of(), new TypeReference<Uint256>() { }).get(0).getValue());
                assertThat(SolidityStorage.readString(state, contract, BigInteger.ONE, 1024))
                        .isEqualTo("dpm").isEqualTo(call(view, contract, "shortName", List.of(),
                                new TypeReference<Utf8String>() { }).get(0).getValue());
                assertThat(SolidityStorage.readString(state, contract, BigInteger.TWO, 1024))
                        .hasSizeGreaterThan(31).isEqualTo(call(view, contract, "longName", List.of(),
                                new TypeReference<Utf8String>() { }).get(0).getValue());
                assertThat(state.uintAt(contract, SolidityStorage.mappingSlotForAddress(BigInteger.valueOf(3), HOLDER)))
                        .isEqualTo(1234).isEqualTo(call(view, contract, "balances", List.of(new Address(HOLDER)),
                                new TypeReference<Uint256>() { }).get(0).getValue());
                assertThat(SolidityStorage.readString(state, contract,
                        SolidityStorage.mappingSlotForUint(BigInteger.valueOf(5), BigInteger.valueOf(42)), 1024))
                        .isEqualTo("answer");

                BigInteger releases = SolidityStorage.mappingSlotForString(BigInteger.valueOf(4), "hello");
                BigInteger count = state.uintAt(contract, releases);
                assertThat(count).isEqualTo(2).isEqualTo(call(view, contract, "releaseCount",
                        List.of(new Utf8String("hello")), new TypeReference<Uint256>() { }).get(0).getValue());
                for (int i = 0; i < 2; i++) {
                    @SuppressWarnings("rawtypes")
                    List<Type> r = call(view, contract, "release", List.of(new Utf8String("hello"), new Uint256(i)),
                            new TypeReference<Bytes32>() { }, new TypeReference<Address>() { },
                            new TypeReference<Uint64>() { }, new TypeReference<Bool>() { },
                            new TypeReference<Utf8String>() { });
                    BigInteger base = SolidityStorage.arrayElementSlot(releases, BigInteger.valueOf(i), 3);
                    List<byte[]> words = state.storageAt(contract, List.of(base, SolidityStorage.field(base, 1)));
                    assertThat(words.get(0)).isEqualTo(r.get(0).getValue());
                    assertThat(SolidityStorage.addressAt(words.get(1), 0)).isEqualTo(r.get(1).toString());
                    assertThat(SolidityStorage.packed(words.get(1), 20, 8)).isEqualTo(r.get(2).getValue());
                    assertThat(SolidityStorage.packed(words.get(1), 28, 1).equals(BigInteger.ONE))
                            .isEqualTo(r.get(3).getValue());
                    assertThat(SolidityStorage.readString(state, contract, SolidityStorage.field(base, 2), 1024))
                            .isEqualTo(r.get(4).getValue());
                }
            }
        }
    }

    @SuppressWarnings({"rawtypes", "unchecked"})
    private static List<Type> call(VerifiedChainView view, String contract, String name, List<Type> args,
            TypeReference<?>... outputs) throws Exception {
        Function f = new Function(name, (List) args, (List) List.of(outputs));
        byte[] out = view.call(contract, BlockHeader.unhex(FunctionEncoder.encode(f)));
        return FunctionReturnDecoder.decode(BlockHeader.hex(out), f.getOutputParameters());
    }
}
