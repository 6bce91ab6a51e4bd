package dev.dpm.cli.config;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;

/**
 * The client configuration every dpm command reads: where the chain is, which registry to trust,
 * which storage peers to use, where keys and local state live.
 *
 * <p>Stored as JSON at {@code $DPM_HOME/config.json} ({@code DPM_HOME} defaults to {@code ~/.dpm}).
 * {@code dpm devnet up} writes one for the embedded default; for a real network a user edits it.
 * Unknown fields are ignored so that older clients read newer files.
 *
 * @param chainId            EVM chain id every RPC endpoint must report
 * @param registry           address of the registry contract (0x-prefixed)
 * @param rpc                JSON-RPC endpoints; with two or more, reads are cross-checked
 * @param freshnessSeconds   a chain head older than this is refused (freeze protection); 0 disables
 * @param peers              storage peers (dpm nodes or Kubo/trustless gateways), base URLs
 * @param keystore           directory of Ethereum v3 keystore files
 * @param account            default account (address) used to sign transactions, may be null
 * @param nodeRepo           blockstore directory of the local storage node
 * @param nodeListen         listen address of the local storage node, e.g. {@code 127.0.0.1:8480}
 * @param seed               whether installed packages stay available to peers from the local node
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record DpmConfig(
        long chainId,
        String registry,
        List<String> rpc,
        long freshnessSeconds,
        List<String> peers,
        String keystore,
        String account,
        String nodeRepo,
        String nodeListen,
        Boolean seed) {

    public static final int FORMAT_VERSION = 1;
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    /** The dpm home directory: {@code $DPM_HOME}, else {@code ~/.dpm}. */
    public static Path home() {
        String env = System.getenv("DPM_HOME");
        return env != null && !env.isBlank() ? Path.of(env) : Path.of(System.getProperty("user.home"), ".dpm");
    }

    public static Path file(Path home) {
        return home.resolve("config.json");
    }

    /**
     * Reads the configuration under {@code home}.
     *
     * @throws ConfigException if the file is missing or not valid JSON of this shape (names the file)
     */
    public static DpmConfig load(Path home) throws ConfigException {
        Path f = file(home);
        if (!Files.exists(f)) {
            throw new ConfigException(f + " does not exist: run `dpm devnet up` for the embedded default, "
                    + "or write it for a real network (see README, Configuration)");
        }
        try {
            return JSON.readValue(f.toFile(), DpmConfig.class);
        } catch (IOException e) {
            throw new ConfigException(f + " is not a valid dpm configuration: " + e.getMessage());
        }
    }

    /** Writes the configuration crash-safely (temp file, fsync, atomic rename). */
    public void save(Path home) throws IOException {
        Files.createDirectories(home);
        Path f = file(home);
        Path tmp = Files.createTempFile(home, "config", ".tmp");
        try (var ch = java.nio.channels.FileChannel.open(tmp, java.nio.file.StandardOpenOption.WRITE)) {
            ch.write(java.nio.ByteBuffer.wrap(JSON.writeValueAsBytes(this)));
            ch.force(true);
        }
        Files.move(tmp, f, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    public boolean seedOrDefault() {
        return seed == null || seed;
    }

    /** A configuration file that is missing or malformed. */
    public static final class ConfigException extends Exception {
        public ConfigException(String message) {
            super(message);
        }
    }
}
