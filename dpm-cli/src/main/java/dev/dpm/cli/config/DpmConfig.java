package dev.dpm.cli.config;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.dpm.chain.rpc.Checkpoint;
import dev.dpm.chain.rpc.VerifiedChainReader;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Locale;
import java.util.Set;

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
 * @param checkpoint         trusted block {@code NUMBER:0xHASH} every pinned block must descend from
 *                           (parent-hash walk); null: none
 * @param cliqueValidators   proof-of-authority (Clique) signer addresses whose seals every walked header
 *                           must carry (needs a checkpoint); null or empty: seals not checked
 * @param proveLogs          whether registry events are proven against the blocks' receipts roots (catches
 *                           a single endpoint hiding or inventing an event); null: false
 * @param registryFromBlock  block in which {@code registry} was deployed: no registry event is older, so
 *                           event scans (index sync, {@code dpm audit}) start there; written by
 *                           {@code dpm devnet up} and {@code dpm registry deploy}; null: scan from block 0
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
        Boolean seed,
        String checkpoint,
        List<String> cliqueValidators,
        Boolean proveLogs,
        Long registryFromBlock) {

    public static final int FORMAT_VERSION = 1;

    /**
     * Validates the fields, so that a bad value is reported (naming the field) when the file is read or a field
     * is set, not in the middle of a command: the trust fields, the {@code rpc} and {@code peers} URLs (http or
     * https, with a host), the {@code registry} and {@code account} addresses, no negative number.
     *
     * @throws IllegalArgumentException naming the field and the value
     */
    public DpmConfig {
        if (checkpoint != null && !checkpoint.isBlank()) {
            Checkpoint.parse(checkpoint);
        }
        if (cliqueValidators != null) {
            for (String v : cliqueValidators) {
                if (v == null || !v.matches("0x[0-9a-fA-F]{40}")) {
                    throw new IllegalArgumentException("cliqueValidators: '" + v + "' is not a 0x address");
                }
            }
        }
        if (registryFromBlock != null && registryFromBlock < 0) {
            throw new IllegalArgumentException("registryFromBlock: " + registryFromBlock + " is negative");
        }
        if (chainId < 0) {
            throw new IllegalArgumentException("chainId: " + chainId + " is negative");
        }
        if (freshnessSeconds < 0) {
            throw new IllegalArgumentException("freshnessSeconds: " + freshnessSeconds + " is negative (0 disables the check)");
        }
        requireAddress("registry", registry);
        requireAddress("account", account);
        if (rpc != null) {
            for (String u : rpc) {
                requireHttpUrl("rpc", u);
            }
        }
        if (peers != null) {
            for (String u : peers) {
                requireHttpUrl("peers", u);
            }
        }
    }

    private static void requireAddress(String field, String value) {
        if (value != null && !value.isBlank() && !value.matches("0x[0-9a-fA-F]{40}")) {
            throw new IllegalArgumentException(field + ": '" + value + "' is not an address (0x and 40 hex digits)");
        }
    }

    /** An RPC endpoint or a peer: an absolute http(s) URL with a host (a malformed one fails here, not mid-command). */
    private static void requireHttpUrl(String field, String value) {
        URI u;
        try {
            u = value == null ? null : new URI(value);
        } catch (java.net.URISyntaxException e) {
            u = null;
        }
        if (u == null || u.getScheme() == null || !Set.of("http", "https").contains(u.getScheme().toLowerCase(Locale.ROOT))
                || u.getHost() == null) {
            throw new IllegalArgumentException(field + ": '" + value + "' is not an http(s) URL with a host");
        }
    }

    /** The configuration without the deploy block of the registry (scans start at block 0). */
    public DpmConfig(long chainId, String registry, List<String> rpc, long freshnessSeconds, List<String> peers,
            String keystore, String account, String nodeRepo, String nodeListen, Boolean seed, String checkpoint,
            List<String> cliqueValidators, Boolean proveLogs) {
        this(chainId, registry, rpc, freshnessSeconds, peers, keystore, account, nodeRepo, nodeListen, seed,
                checkpoint, cliqueValidators, proveLogs, null);
    }

    /** The configuration without the trust fields added later (checkpoint, validators, proofs): all off. */
    public DpmConfig(long chainId, String registry, List<String> rpc, long freshnessSeconds, List<String> peers,
            String keystore, String account, String nodeRepo, String nodeListen, Boolean seed) {
        this(chainId, registry, rpc, freshnessSeconds, peers, keystore, account, nodeRepo, nodeListen, seed,
                null, null, null, null);
    }
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
        if (Files.isDirectory(f)) {
            throw new ConfigException(f + " is a directory, not a configuration file");
        }
        try {
            return JSON.readValue(f.toFile(), DpmConfig.class);
        } catch (com.fasterxml.jackson.databind.exc.ValueInstantiationException e) {
            // a value the record refused (its message names the field)
            Throwable why = e.getCause() != null ? e.getCause() : e;
            throw new ConfigException(f + " is not a valid dpm configuration: " + why.getMessage());
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new ConfigException(f + " is not a valid dpm configuration: " + describe(e));
        } catch (IOException e) {
            throw new ConfigException("cannot read " + f + ": " + e.getMessage());
        }
    }

    /** A JSON syntax or type error on one line: the field, what is wrong, where (Jackson's own spans lines). */
    private static String describe(com.fasterxml.jackson.core.JsonProcessingException e) {
        StringBuilder m = new StringBuilder();
        if (e instanceof com.fasterxml.jackson.databind.JsonMappingException jm && !jm.getPath().isEmpty()) {
            String field = jm.getPath().stream().map(r -> r.getFieldName() != null ? r.getFieldName()
                    : "[" + r.getIndex() + "]").reduce((a, b) -> b.startsWith("[") ? a + b : a + "." + b).orElse("");
            m.append("field ").append(field).append(": ");
        }
        m.append(e.getOriginalMessage().replace('\n', ' ').strip());
        if (e.getLocation() != null) {
            m.append(" (line ").append(e.getLocation().getLineNr()).append(", column ")
                    .append(e.getLocation().getColumnNr()).append(')');
        }
        return m.toString();
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

    public boolean proveLogsOrDefault() {
        return proveLogs != null && proveLogs;
    }

    /** The trusted checkpoint, or null when none is configured. */
    public Checkpoint checkpointOrNull() {
        return checkpoint == null || checkpoint.isBlank() ? null : Checkpoint.parse(checkpoint);
    }

    /** This configuration with the trust fields replaced (the other fields kept). */
    public DpmConfig withTrust(String newCheckpoint, List<String> newValidators, Boolean newProveLogs) {
        return new DpmConfig(chainId, registry, rpc, freshnessSeconds, peers, keystore, account, nodeRepo, nodeListen,
                seed, newCheckpoint, newValidators, newProveLogs, registryFromBlock);
    }

    /**
     * This configuration pointing to another registry, deployed in block {@code fromBlock} (null: unknown,
     * scans start at 0); every other field kept.
     */
    public DpmConfig withRegistry(String newRegistry, Long fromBlock) {
        return new DpmConfig(chainId, newRegistry, rpc, freshnessSeconds, peers, keystore, account, nodeRepo,
                nodeListen, seed, checkpoint, cliqueValidators, proveLogs, fromBlock);
    }

    /**
     * The first block worth scanning for events of {@link #registry()}: {@link #registryFromBlock()}, or 0
     * when it is not configured. What index sync should start from on an empty index.
     */
    public long registryFromBlockOrZero() {
        return registryFromBlock == null ? 0 : registryFromBlock;
    }

    /**
     * A reader builder with everything this configuration says about trusting the chain: the endpoints
     * (cross-checked when two or more), chain id, freshness window, checkpoint, Clique validators and log
     * proofs; without a checkpoint, descent from the highest block seen. The caller adds a {@code highestSeenStore} (rollback across runs) and builds it.
     *
     * @throws IllegalArgumentException for an endpoint that is not a URI
     */
    public VerifiedChainReader.Builder chainReader() {
        VerifiedChainReader.Builder b = VerifiedChainReader.builder()
                .endpoints(rpc == null ? List.of() : rpc.stream().map(URI::create).toList())
                .chainId(chainId).freshnessSeconds(freshnessSeconds).proveLogs(proveLogsOrDefault());
        Checkpoint cp = checkpointOrNull();
        if (cp != null) {
            b.checkpoint(cp);
            if (cliqueValidators != null && !cliqueValidators.isEmpty()) {
                b.cliqueValidators(Set.copyOf(cliqueValidators.stream().map(v -> v.toLowerCase(Locale.ROOT)).toList()));
            }
        } else {
            // no checkpoint: only descent from the highest block seen keeps a fast-forwarded chain from
            // being recorded and locking the user out (the price: a reorganisation deeper than that block
            // is refused too; with a checkpoint it is followed)
            b.requireDescent(true);
        }
        return b;
    }

    /** A configuration file that is missing or malformed. */
    public static final class ConfigException extends Exception {
        public ConfigException(String message) {
            super(message);
        }
    }
}
