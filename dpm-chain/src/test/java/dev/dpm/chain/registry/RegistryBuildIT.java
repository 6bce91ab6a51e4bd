package dev.dpm.chain.registry;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.dpm.chain.testing.TestAnvil;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Reproducible build: compiling contracts/Registry.sol again with the pinned solcjs gives exactly the
 * bytes the Java side deploys, and the committed contracts/build copy is the same.
 */
class RegistryBuildIT {
    @Test
    void freshCompileEqualsWhatTheClientDeploys(@org.junit.jupiter.api.io.TempDir Path tmp) throws Exception {
        Path root = TestAnvil.repoRoot();
        // output to a file: a pipe read until its end waits for ever (uninterruptibly) on a hung child
        Path outFile = tmp.resolve("compiled.json");
        Process p = new ProcessBuilder("node", root.resolve("contracts/compile.js").toString())
                .redirectError(ProcessBuilder.Redirect.DISCARD).redirectOutput(outFile.toFile()).start();
        boolean exited = p.waitFor(120, TimeUnit.SECONDS);
        if (!exited) {
            p.destroyForcibly();
        }
        assertThat(exited).as("node contracts/compile.js ends within 120 s").isTrue();
        byte[] out = java.nio.file.Files.readAllBytes(outFile);
        assertThat(p.exitValue()).as("node contracts/compile.js").isZero();
        JsonNode fresh = new ObjectMapper().readTree(new String(out, StandardCharsets.UTF_8));
        RegistryArtifact bundled = RegistryArtifact.bundled();
        assertThat(fresh.get("compiler").asText()).startsWith("solc 0.8.30+commit");
        assertThat(fresh.get("bytecode").asText()).isEqualTo(bundled.bytecode());
        assertThat(fresh.get("deployedBytecode").asText()).isEqualTo(bundled.deployedBytecode());
        assertThat(fresh.get("abi")).isEqualTo(bundled.json().get("abi"));
        JsonNode committed = new ObjectMapper().readTree(root.resolve("contracts/build/Registry.json").toFile());
        assertThat(committed).isEqualTo(bundled.json());
    }
}
