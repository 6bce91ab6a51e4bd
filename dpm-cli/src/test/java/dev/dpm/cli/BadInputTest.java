package dev.dpm.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The classic mistakes of the bad-input audit, each once: a distinct exit code, one line on stderr naming
 * the thing at fault, no stack trace, and nothing written. Each case failed before its fix (an internal
 * error with a stack trace, a message split over lines, a bare path for a reason, or a file overwritten).
 * Nothing here needs a chain or a node: every refusal happens before either would be used.
 */
class BadInputTest {
    static final String ADDRESS = "0x5fbdb2315678afecb367f032d93f642f64180aa3";

    @TempDir
    Path tmp;

    Path home;
    String out;
    String err;

    @BeforeEach
    void setUp() throws Exception {
        home = Files.createDirectories(tmp.resolve("home"));
    }

    /** Runs dpm in-process with {@code --home} (a mixin of the leaf command: appended last). */
    private int dpm(String... args) {
        return dpmIn(home, args);
    }

    private int dpmIn(Path h, String... args) {
        CapturedRun r = CapturedRun.inHome(h, args);
        out = r.out();
        err = r.err();
        return r.code();
    }

    /** One line on stderr, starting "dpm: ", containing each of {@code parts}, and no Java exception. */
    private void oneLine(String... parts) {
        assertThat(err).startsWith("dpm: ").endsWith(System.lineSeparator());
        assertThat(err.strip()).doesNotContain("\n").doesNotContain("Exception").doesNotContain("\tat ").contains(parts);
    }

    private Path config(String json) throws Exception {
        return Files.writeString(home.resolve("config.json"), json);
    }

    @Test
    void aMalformedPackageNameIsRefusedBeforeTheChainOrAKeyIsTouched() {
        // no configuration at all: were the name checked after the chain settings, this would be exit 3
        String[][] commands = {
            {"yank", "Bad_Name", "1.0"},
            {"maintainer", "add", "Bad_Name", ADDRESS},
            {"maintainer", "remove", "Bad_Name", ADDRESS},
            {"maintainer", "list", "Bad_Name"},
            {"audit", "Bad_Name"},
            {"info", "Bad_Name"},
        };
        for (String[] c : commands) {
            assertThat(dpm(c)).as(String.join(" ", c)).isEqualTo(ExitCodes.INVALID_INPUT);
            oneLine("'Bad_Name' is not a package name");
        }
    }

    @Test
    void aConfigurationThatIsNotJsonIsOneLineWithTheLineAndColumn() throws Exception {
        Path f = config("{not json");
        assertThat(dpm("config", "show")).isEqualTo(ExitCodes.CONFIG);
        oneLine(f.toString(), "line 1, column 2");
        config("{\"chainId\": \"abc\"}");
        assertThat(dpm("peers")).isEqualTo(ExitCodes.CONFIG);
        oneLine("field chainId", "\"abc\"", "line 1");
        Files.delete(f);
        Files.createDirectory(f);
        assertThat(dpm("peers")).isEqualTo(ExitCodes.CONFIG);
        oneLine(f + " is a directory");
    }

    @Test
    void aCorruptStateFileIsOneLineWithTheLineAndColumn() throws Exception {
        // the blacklist's own message carried Jackson's location on a second line
        Path blacklist = Files.writeString(home.resolve("blacklist.json"), "{garbage");
        assertThat(dpm("peers")).isEqualTo(ExitCodes.CONFIG);
        oneLine(blacklist.toString(), "(line 1, column 2)");
        // a command that fetches nothing does not read it (it failed too, with peers configured)
        config("{\"chainId\": 31337, \"peers\": [\"http://127.0.0.1:1\"]}");
        Path root = tmp.resolve("root");
        assertThat(dpmIn(home, "list", "--root", root.toString())).as(err).isEqualTo(ExitCodes.OK);
        assertThat(err).isEmpty();
        assertThat(dpmIn(home, "install", "hello", "--yes", "--root", root.toString())).isEqualTo(ExitCodes.CONFIG);
        oneLine(blacklist.toString(), "(line 1, column 2)");
    }

    @Test
    void aMalformedEndpointOrAddressInTheConfigurationIsAConfigErrorNotACrash() throws Exception {
        // before: dpm registry info died with an IllegalArgumentException from URI.create
        config("{\"chainId\": 31337, \"registry\": \"" + ADDRESS + "\", \"rpc\": [\"not a url\"]}");
        assertThat(dpm("registry", "info")).isEqualTo(ExitCodes.CONFIG);
        oneLine("rpc: 'not a url' is not an http(s) URL");
        config("{\"chainId\": 31337, \"registry\": \"0xnothex\", \"rpc\": [\"http://127.0.0.1:1\"]}");
        assertThat(dpm("audit", "hello")).isEqualTo(ExitCodes.CONFIG);
        oneLine("registry: '0xnothex' is not an address");
        config("{\"chainId\": 31337, \"peers\": [\"ftp://x\"]}");
        assertThat(dpm("peers")).isEqualTo(ExitCodes.CONFIG);
        oneLine("peers: 'ftp://x'");
    }

    @Test
    void configSetRefusesABadValueAndLeavesTheFileAsItWas() throws Exception {
        assertThat(dpm("config", "set", "chainId", "31337")).isZero();
        String before = Files.readString(home.resolve("config.json"));
        List<List<String>> bad = List.of(List.of("rpc", "not a url"), List.of("registry", "bob"),
                List.of("account", "0x12"), List.of("peers", "notaurl"), List.of("nodeListen", "nohostport"),
                List.of("nodeListen", "127.0.0.1:99999"), List.of("freshnessSeconds", "-5"),
                List.of("registryFromBlock", "-5"));
        for (List<String> b : bad) {
            String[] args = java.util.stream.Stream.concat(java.util.stream.Stream.of("config", "set"), b.stream())
                    .toArray(String[]::new);
            assertThat(dpm(args)).as("%s", b).isEqualTo(ExitCodes.USAGE);
            oneLine("cannot set " + b.get(0));
            assertThat(Files.readString(home.resolve("config.json"))).as("%s", b).isEqualTo(before);
        }
    }

    @Test
    void aDpmHomeThatIsAFileIsNamed() throws Exception {
        Path file = Files.writeString(tmp.resolve("not-a-home"), "x");
        for (String[] cmd : List.of(new String[] {"repo", "stat"}, new String[] {"key", "list"},
                new String[] {"node", "run", "--listen", "127.0.0.1:0"}, new String[] {"config", "set", "chainId", "1"})) {
            assertThat(dpmIn(file, cmd)).as(String.join(" ", cmd)).isEqualTo(ExitCodes.CONFIG);
            oneLine("the dpm home " + file + " is not a directory");
        }
        assertThat(Files.readString(file)).isEqualTo("x");
    }

    @Test
    void anEmptyHomeOrRootIsRefusedRatherThanTakenForTheWorkingDirectory() throws Exception {
        // before: --root "" and --home "" resolved to the working directory and created var/lib/dpm or repo/ there
        Path cwd = Path.of("").toAbsolutePath();
        boolean hadVar = Files.exists(cwd.resolve("var"));
        assertThat(dpm("list", "--root", "")).isEqualTo(ExitCodes.USAGE);
        oneLine("--root is empty");
        assertThat(Files.exists(cwd.resolve("var"))).isEqualTo(hadVar);
        boolean hadRepo = Files.exists(cwd.resolve("repo"));
        assertThat(Main.commandLine().setErr(new PrintWriter(new StringWriter())).execute("repo", "stat", "--home", ""))
                .isEqualTo(ExitCodes.USAGE);
        assertThat(Files.exists(cwd.resolve("repo"))).isEqualTo(hadRepo);
    }

    @Test
    void outOfRangeOptionsAreUsageErrorsBeforeAnythingStarts() throws Exception {
        // before: internal errors with stack traces (--connections 0, --rate -5) or anvil's own usage text
        assertThat(dpm("get", "bafkqaaa", "-o", tmp.resolve("o").toString(), "--connections", "0"))
                .isEqualTo(ExitCodes.USAGE);
        oneLine("--connections must be at least 1");
        assertThat(dpm("node", "run", "--rate", "-5", "--listen", "127.0.0.1:0")).isEqualTo(ExitCodes.USAGE);
        oneLine("--rate");
        assertThat(dpm("node", "run", "--max-connections", "0", "--listen", "127.0.0.1:0")).isEqualTo(ExitCodes.USAGE);
        oneLine("--max-connections");
        assertThat(dpm("node", "run", "--listen", "127.0.0.1:99999")).isEqualTo(ExitCodes.USAGE);
        oneLine("--listen", "65535");
        assertThat(dpm("node", "start", "--listen", "nohostport")).isEqualTo(ExitCodes.USAGE);
        oneLine("--listen", "nohostport");
        assertThat(home.resolve("node.log")).doesNotExist(); // refused before a background node was spawned
        assertThat(dpm("devnet", "up", "--port", "-1")).isEqualTo(ExitCodes.USAGE);
        oneLine("--port must be from 0 to 65535");
        assertThat(home.resolve("devnet")).doesNotExist();
        config("{\"chainId\": 31337, \"nodeListen\": \"nohostport\"}");
        assertThat(dpm("node", "run")).isEqualTo(ExitCodes.CONFIG);
        oneLine("nodeListen in " + home.resolve("config.json"));
    }

    @Test
    void longRunningCommandsCheckTheirArgumentsBeforeTheyStart() throws Exception {
        // before: --limit/--from-block below 0 were taken; a --checkpoint directory failed after the first batch
        // was on chain (exit 5, a stray temporary file); a negative proposal lifetime crashed in web3j;
        // dpm bench eval found a --out file only when writing the report, minutes later
        Path packages = Files.writeString(tmp.resolve("Packages"), "Package: pp\nVersion: 1.0\nArchitecture: all\n\n");
        Path dir = Files.createDirectories(tmp.resolve("a-dir"));
        assertThat(dpm("import", "debian-index", packages.toString(), "--limit", "-5")).isEqualTo(ExitCodes.USAGE);
        oneLine("--limit");
        assertThat(dpm("import", "debian-index", packages.toString(), "--from-block", "-5")).isEqualTo(ExitCodes.USAGE);
        oneLine("--from-block");
        assertThat(dpm("import", "debian-index", packages.toString(), "--checkpoint", dir.toString()))
                .isEqualTo(ExitCodes.USAGE);
        oneLine("--checkpoint " + dir + " is a directory");
        config("{\"chainId\": 31337, \"registry\": \"" + ADDRESS + "\", \"rpc\": [\"http://127.0.0.1:1\"]}");
        assertThat(dpm("registry", "deploy", "--admin", ADDRESS, "--threshold", "1", "--proposal-lifetime-hours", "-1"))
                .isEqualTo(ExitCodes.USAGE);
        oneLine("--proposal-lifetime-hours");
        Path file = Files.writeString(tmp.resolve("a-file"), "x");
        // --index nope as well: should the check go, the command stops at the index instead of measuring
        String nope = tmp.resolve("nope").toString();
        for (String[] eval : List.of(new String[] {"--out", file.toString()}, new String[] {"--work", file.toString()},
                new String[] {"--nodes", "0"}, new String[] {"--clients", "4,0"}, new String[] {"--duration", "0"},
                new String[] {"--releases", "-1"})) {
            String[] args = java.util.stream.Stream.concat(java.util.stream.Stream.of("bench", "eval", "--index", nope),
                    java.util.Arrays.stream(eval)).toArray(String[]::new);
            assertThat(Main.commandLine().setErr(new PrintWriter(new StringWriter())).execute(args))
                    .as(String.join(" ", eval)).isEqualTo(ExitCodes.USAGE);
        }
        assertThat(Files.readString(file)).isEqualTo("x");
    }

    @Test
    void aStalePidFileNamingAnotherProgramIsNotTakenForTheNode() throws Exception {
        // before: a pid reused by another program counted as a running node (and `node stop` signalled it)
        // a pid file older than the live process it names: this JVM plays the program that got the pid
        Path pid = Files.writeString(home.resolve("node.pid"), ProcessHandle.current().pid() + "\n");
        Files.setLastModifiedTime(pid, java.nio.file.attribute.FileTime.from(
                ProcessHandle.current().info().startInstant().orElseThrow().minusSeconds(60)));
        assertThat(dpm("node", "status")).isEqualTo(ExitCodes.FAILURE);
        assertThat(out.strip()).isEqualTo("dpm node: not running");
    }

    @Test
    void aNodePortInUseSaysSo() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            String listen = "127.0.0.1:" + taken.getLocalPort();
            assertThat(dpm("node", "run", "--listen", listen)).isEqualTo(ExitCodes.FAILURE);
            oneLine(listen, "in use");
        }
        assertThat(home.resolve("node.pid")).doesNotExist();
    }

    @Test
    void outputsAreNeverOverwrittenAndAMissingDirectoryIsNamed() throws Exception {
        Path mine = Files.writeString(tmp.resolve("mine.car"), "my data");
        String cid = "bafkreigh2akiscaildcqabsyg3dfr6chu3fgpregiymsck7e7aqa4s52zy";
        // before: car export replaced an existing file
        assertThat(dpm("car", "export", cid, "-o", mine.toString())).isEqualTo(ExitCodes.CONFLICT);
        oneLine(mine + " already exists");
        assertThat(Files.readString(mine)).isEqualTo("my data");
        Path nowhere = tmp.resolve("no-such-dir").resolve("x");
        assertThat(dpm("car", "export", cid, "-o", nowhere.toString())).isEqualTo(ExitCodes.INVALID_INPUT);
        oneLine(tmp.resolve("no-such-dir") + " does not exist");
        // before: get fetched everything, then failed with the bare path as its reason
        assertThat(dpm("get", cid, "-o", nowhere.toString(), "--peer", "http://127.0.0.1:1"))
                .isEqualTo(ExitCodes.INVALID_INPUT);
        oneLine(tmp.resolve("no-such-dir") + " does not exist");
        assertThat(tmp.resolve("no-such-dir")).doesNotExist();
        // before: an empty line (the end of a progress line never printed) came first
        assertThat(dpm("get", cid, "-o", tmp.resolve("out").toString())).isEqualTo(ExitCodes.CONFIG);
        oneLine(cid, "no peers are configured");
        assertThat(tmp.resolve("out")).doesNotExist();
    }

    @Test
    void aDirectoryWhereAFileBelongsIsCalledADirectory() throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("a-dir"));
        assertThat(dpm("car", "import", dir.toString())).isEqualTo(ExitCodes.INVALID_INPUT);
        oneLine(dir + " is a directory");
        assertThat(dpm("import", "deb", dir.toString(), "--password-file", dir.toString()))
                .isEqualTo(ExitCodes.INVALID_INPUT);
        oneLine("a directory, not a .deb file: " + dir);
        assertThat(dpm("import", "debian-index", dir.toString(), "--password-file", dir.toString()))
                .isEqualTo(ExitCodes.INVALID_INPUT);
        oneLine("a directory, not a Packages file: " + dir);
        assertThat(dpm("key", "new", "--password-file", tmp.resolve("missing").toString()))
                .isEqualTo(ExitCodes.INVALID_INPUT);
        oneLine("cannot read password file " + tmp.resolve("missing") + ": no such file or directory");
        // before: an empty password file made a key protected by the empty password
        Path empty = Files.writeString(tmp.resolve("empty"), "\n");
        assertThat(dpm("key", "new", "--password-file", empty.toString())).isEqualTo(ExitCodes.INVALID_INPUT);
        oneLine("the password in " + empty + " is empty");
        assertThat(home.resolve("keystore")).doesNotExist();
    }

    @Test
    void aPackageSourceThatIsNotADirectoryIsNamedAsSuch() throws Exception {
        // before: "nope/dpm.control: missing" for a directory that does not exist or a file
        config("{\"chainId\": 31337, \"registry\": \"" + ADDRESS + "\", \"rpc\": [\"http://127.0.0.1:1\"]}");
        Path password = Files.writeString(tmp.resolve("password"), "pw\n");
        assertThat(dpm("key", "new", "--password-file", password.toString())).isZero();
        String account = out.strip().split("\\s+")[0];
        Path nope = tmp.resolve("nope");
        Path file = Files.writeString(tmp.resolve("a-file"), "x");
        Path control = Files.createDirectories(tmp.resolve("src").resolve("dpm.control"));
        for (List<String> c : List.of(List.of(nope.toString(), nope + ": no such directory"),
                List.of(file.toString(), file + ": not a directory"),
                List.of(control.getParent().toString(), control + ": a directory, not a file"))) {
            assertThat(dpm("publish", c.get(0), "--account", account, "--password-file", password.toString()))
                    .as(c.get(0)).isEqualTo(ExitCodes.INVALID_INPUT);
            oneLine(c.get(1));
        }
    }

    @Test
    void anIoFailureNoCommandReportedIsOneLineNotAStackTrace() {
        CommandLine cli = Main.commandLine();
        StringWriter e = new StringWriter();
        cli.setErr(new PrintWriter(e));
        int code = new ErrorReporter().handleExecutionException(new NoSuchFileException("/x/y"), cli, null);
        assertThat(code).isEqualTo(ExitCodes.FAILURE);
        assertThat(e.toString()).isEqualTo("dpm: /x/y: no such file or directory" + System.lineSeparator());
        e.getBuffer().setLength(0);
        code = new ErrorReporter().handleExecutionException(new CliError(ExitCodes.CHAIN, "anvil said: no\n"), cli, null);
        assertThat(code).isEqualTo(ExitCodes.CHAIN);
        assertThat(e.toString()).isEqualTo("dpm: anvil said: no" + System.lineSeparator());
    }
}
