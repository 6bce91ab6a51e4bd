package dev.dpm.chain.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * The compiled registry contract this client speaks to: creation bytecode, runtime bytecode and the
 * compiler that made them, loaded from the resource {@code dev/dpm/chain/registry/Registry.json} that
 * {@code scripts/build-contracts} writes (a test recompiles the source and compares the bytes).
 *
 * @param compiler         e.g. {@code solc 0.8.30+commit...}
 * @param bytecode         creation code, 0x-prefixed hex
 * @param deployedBytecode runtime code, 0x-prefixed hex (what {@code eth_getCode} returns after deploy)
 * @param json             the whole build output (ABI, settings, storage layout)
 */
public record RegistryArtifact(String compiler, String bytecode, String deployedBytecode, JsonNode json) {

    /** Resource path of the build output inside the dpm-chain jar. */
    public static final String RESOURCE = "/dev/dpm/chain/registry/Registry.json";

    private static final RegistryArtifact INSTANCE = loadResource();

    /** The artifact bundled with this client. */
    public static RegistryArtifact bundled() {
        return INSTANCE;
    }

    private static RegistryArtifact loadResource() {
        try (InputStream in = RegistryArtifact.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is missing from the classpath: run scripts/build-contracts");
            }
            return parse(new ObjectMapper().readTree(in));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + RESOURCE, e);
        }
    }

    /** Reads a build output document (the shape {@code contracts/compile.js} prints). */
    public static RegistryArtifact parse(JsonNode json) {
        return new RegistryArtifact(json.path("compiler").asText(), json.path("bytecode").asText(),
                json.path("deployedBytecode").asText(), json);
    }
}
