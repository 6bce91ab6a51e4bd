package dev.dpm.chain.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dpm.chain.rpc.LogEntry;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.web3j.abi.FunctionEncoder;
import org.web3j.abi.datatypes.DynamicBytes;
import org.web3j.abi.datatypes.Utf8String;
import org.web3j.crypto.Hash;

/** Decoding of hand-built logs (the event signature from the Solidity text, the data ABI-encoded by web3j). */
class RegistryEventsTest {
    static final String REGISTRY = "0x5fbdb2315678afecb367f032d93f642f64180aa3";
    static final String PUBLISHER = "0x90f79bf6eb2c4f870365e785982e1f101e93b906";
    static final String TOPIC = Hash.sha3String("ReleasePublished(string,string,bytes,bytes,address)");
    static final String TX = "0x" + "ab".repeat(32);

    static LogEntry published(String address, byte[] cid, byte[] manifest) {
        String data = "0x" + FunctionEncoder.encodeConstructor(List.of(new Utf8String("foo"), new Utf8String("1.0"),
                new DynamicBytes(cid), new DynamicBytes(manifest)));
        return new LogEntry(address, List.of(TOPIC, "0x" + "0".repeat(24) + PUBLISHER.substring(2)), data, 7,
                "0x" + "cd".repeat(32), TX, 3);
    }

    @Test
    void decodesAReleaseWithItsManifest() throws Exception {
        byte[] m = "Package: foo\n".getBytes(StandardCharsets.UTF_8);
        RegistryEvent e = new RegistryEvents(REGISTRY).decode(published(REGISTRY, ManifestCid.of(m), m));
        assertThat(e).isInstanceOfSatisfying(RegistryEvent.ReleasePublished.class, r -> {
            assertThat(r.name()).isEqualTo("foo");
            assertThat(r.version()).isEqualTo("1.0");
            assertThat(r.manifest()).isEqualTo(m);
            assertThat(r.publisher()).isEqualTo(PUBLISHER);
            assertThat(r.blockNumber()).isEqualTo(7);
            assertThat(r.logIndex()).isEqualTo(3);
        });
    }

    @Test
    void refusesAManifestThatDoesNotMatchItsCidAndIgnoresOtherContracts() throws Exception {
        byte[] m = "Package: foo\n".getBytes(StandardCharsets.UTF_8);
        byte[] cid = ManifestCid.of("Package: evil\n".getBytes(StandardCharsets.UTF_8));
        RegistryEvents events = new RegistryEvents(REGISTRY);
        assertThatThrownBy(() -> events.decode(published(REGISTRY, cid, m))).isInstanceOf(RegistryException.class)
                .hasMessageContaining("the manifest of foo@1.0 in its ReleasePublished event does not match its CID")
                .hasMessageContaining("block 7, tx " + TX + ", log 3");
        assertThat(events.decode(published("0x" + "11".repeat(20), cid, m))).isNull();
    }

    /** Attack suite: the contract never emits such an event, so the endpoints that served it are named. */
    @Test
    void anAlteredManifestNamesTheEndpointsOfTheView() {
        byte[] m = "Package: foo\n".getBytes(StandardCharsets.UTF_8);
        byte[] cid = ManifestCid.of("Package: evil\n".getBytes(StandardCharsets.UTF_8));
        java.net.URI liar = java.net.URI.create("http://127.0.0.1:1/liar");
        dev.dpm.chain.rpc.ChainView view = new dev.dpm.chain.rpc.ChainView() {
            @Override
            public dev.dpm.chain.rpc.BlockRef block() {
                throw new UnsupportedOperationException();
            }

            @Override
            public byte[] call(String to, byte[] data) {
                throw new UnsupportedOperationException();
            }

            @Override
            public List<LogEntry> logs(String address, long fromBlock, List<String> topic0s) {
                return List.of(published(REGISTRY, cid, m));
            }

            @Override
            public List<java.net.URI> endpoints() {
                return List.of(liar);
            }
        };
        assertThatThrownBy(() -> new RegistryEvents(REGISTRY).events(view, 0)).isInstanceOf(RegistryException.class)
                .hasMessageContaining("does not match its CID")
                .hasMessageEndingWith("(block 7, tx " + TX + ", log 3); served by RPC endpoint " + liar
                        + ", which altered it (the contract emits no such event)");
    }

    @Test
    void aTruncatedLogIsAnErrorNamingWhereItIs() {
        byte[] m = "x".getBytes(StandardCharsets.UTF_8);
        LogEntry good = published(REGISTRY, ManifestCid.of(m), m);
        LogEntry cut = new LogEntry(good.address(), good.topics(), good.data().substring(0, 100), 7, good.blockHash(),
                TX, 3);
        assertThatThrownBy(() -> new RegistryEvents(REGISTRY).decode(cut)).isInstanceOf(RegistryException.class)
                .hasMessageContaining("block 7, tx " + TX + ", log 3");
    }
}
