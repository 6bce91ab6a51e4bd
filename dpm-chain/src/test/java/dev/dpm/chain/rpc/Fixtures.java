package dev.dpm.chain.rpc;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/** Recorded answers of a reference node, under src/test/resources/rpc/. */
final class Fixtures {
    private Fixtures() {
    }

    /** anvil-proofs.json: blocks and eth_getProof answers recorded from anvil 1.7.1 (see its "source"). */
    static JsonNode anvilProofs() {
        try (InputStream in = Fixtures.class.getResourceAsStream("/rpc/anvil-proofs.json")) {
            return new ObjectMapper().readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
