package dev.dpm.cli.storage;

import dev.dpm.cli.CliContext;
import dev.dpm.cli.CliError;
import dev.dpm.cli.ExitCodes;
import dev.dpm.cli.config.DpmConfig;
import dev.dpm.content.BlockstoreException;
import dev.dpm.content.repo.Repo;
import dev.dpm.storage.NodeLimits;
import dev.dpm.storage.NodeListener;
import dev.dpm.storage.NodeStartException;
import dev.dpm.storage.Peer;
import dev.dpm.storage.PeerSet;
import dev.dpm.storage.StorageNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code dpm node run|start|stop|status}: the local storage node, in the foreground or the background. */
@Command(name = "node", mixinStandardHelpOptions = true, description = "Run the local storage node (IPFS Trustless Gateway, delegated routing, peer exchange).",
        subcommands = {NodeCommand.Run.class, NodeCommand.Start.class, NodeCommand.Stop.class, NodeCommand.Status.class})
public final class NodeCommand implements Runnable {
    static final String DEFAULT_LISTEN = "127.0.0.1:8480";

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw dev.dpm.cli.CliError.missingSubcommand(spec);
    }

    /** Options shared by run and start. */
    static final class NodeOptions {
        @Option(names = "--listen", description = "host:port to listen on (default: config nodeListen, else " + DEFAULT_LISTEN + ")")
        String listen;

        @Option(names = "--peer", description = "extra peer base URL (repeatable)")
        List<String> peers = new ArrayList<>();

        @Option(names = "--rate", description = "requests per second per client (default ${DEFAULT-VALUE})", defaultValue = "1000")
        double rate;

        @Option(names = "--max-bandwidth", description = "egress cap in bytes per second, 0 = none (default ${DEFAULT-VALUE})", defaultValue = "0")
        long maxBandwidth;

        @Option(names = "--max-connections", description = "open connections at once (default ${DEFAULT-VALUE})", defaultValue = "1024")
        int maxConnections;

        /** Refuses values the node cannot run with, as a usage error naming the option. */
        void check() {
            if (!(rate > 0) || Double.isInfinite(rate)) { // also NaN
                throw new CliError(ExitCodes.USAGE, "--rate must be a positive number of requests per second, got " + rate);
            }
            if (maxBandwidth < 0) {
                throw new CliError(ExitCodes.USAGE, "--max-bandwidth must be 0 (none) or a positive number of bytes per "
                        + "second, got " + maxBandwidth);
            }
            if (maxConnections < 1) {
                throw new CliError(ExitCodes.USAGE, "--max-connections must be at least 1, got " + maxConnections);
            }
            if (listen != null) {
                try {
                    listenAddress(listen);
                } catch (IllegalArgumentException e) {
                    throw new CliError(ExitCodes.USAGE, "--listen: " + e.getMessage());
                }
            }
        }

        List<String> args() {
            List<String> a = new ArrayList<>();
            if (listen != null) {
                a.add("--listen=" + listen);
            }
            peers.forEach(p -> a.add("--peer=" + p));
            a.add("--rate=" + rate);
            a.add("--max-bandwidth=" + maxBandwidth);
            a.add("--max-connections=" + maxConnections);
            return a;
        }
    }

    @Command(name = "run", mixinStandardHelpOptions = true, description = "Run the node in the foreground until interrupted; logs to stdout.")
    static final class Run implements Callable<Integer> {
        @Mixin
        CliContext ctx;
        @Mixin
        NodeOptions opts;
        @Spec
        CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            opts.check();
            PrintWriter out = spec.commandLine().getOut();
            DpmConfig cfg = ctx.configOrNull();
            NodeFiles files = new NodeFiles(ctx.home());
            Optional<ProcessHandle> other = files.running();
            if (other.isPresent() && other.get().pid() != ProcessHandle.current().pid()) {
                throw new CliError(ExitCodes.LOCKED, "a node is already running (pid " + other.get().pid()
                        + "); stop it with `dpm node stop`");
            }
            String listen = opts.listen != null ? opts.listen : cfg != null && cfg.nodeListen() != null
                    ? cfg.nodeListen() : DEFAULT_LISTEN;
            try {
                listenAddress(listen);
            } catch (IllegalArgumentException e) {
                throw new CliError(ExitCodes.CONFIG, "nodeListen in " + DpmConfig.file(ctx.home()) + ": " + e.getMessage());
            }
            PeerSet peers = new PeerSet();
            List<String> configured = new ArrayList<>(cfg != null && cfg.peers() != null ? cfg.peers() : List.of());
            configured.addAll(opts.peers);
            for (String p : configured) {
                try {
                    peers.addConfigured(Peer.parse(p));
                } catch (IllegalArgumentException e) {
                    throw new CliError(ExitCodes.CONFIG, e.getMessage());
                }
            }
            Repo repo;
            try {
                repo = Repo.open(ctx.repoDir());
            } catch (BlockstoreException e) {
                throw new CliError(ExitCodes.CONFIG, "cannot open the repo " + ctx.repoDir() + ": " + e.getMessage());
            }
            NodeLimits limits = NodeLimits.defaults().withRequestRate(opts.rate, (int) Math.max(1, opts.rate * 2))
                    .withMaxBytesPerSecond(opts.maxBandwidth).withMaxConnections(opts.maxConnections);
            StorageNode node;
            try {
                node = StorageNode.builder(repo.blockstore()).listen(listen).peers(peers).limits(limits)
                        .identityKey(files.key()).peerExchangeInterval(Duration.ofMinutes(1))
                        .listener(new LogListener(out)).build().start();
            } catch (IllegalArgumentException e) {
                throw new CliError(ExitCodes.CONFIG, e.getMessage());
            } catch (NodeStartException e) {
                throw new CliError(ExitCodes.FAILURE, e.getMessage() + bindFailure(e));
            }
            try {
                NodeFiles.write(files.pid(), ProcessHandle.current().pid() + "\n");
                NodeFiles.write(files.url(), node.url() + "\n");
            } catch (IOException e) {
                node.close();
                throw new CliError(ExitCodes.CONFIG, "cannot write the node's files under " + ctx.home() + ": "
                        + CliError.reason(e));
            }
            CountDownLatch stopped = new CountDownLatch(1);
            Thread hook = new Thread(() -> {
                node.close();
                try {
                    Files.deleteIfExists(files.url());
                    Files.deleteIfExists(files.pid());
                } catch (IOException e) {
                    // stale files are recognised by status (dead pid)
                }
                stopped.countDown();
            }, "dpm-node-shutdown");
            Runtime.getRuntime().addShutdownHook(hook);
            out.println("dpm node serving " + repo.dir() + " at " + node.url() + " (peer ID " + node.peerId()
                    + ", " + peers.size() + " peers)");
            out.flush();
            node.join();
            return ExitCodes.OK;
        }
    }

    /** Logs node events as timestamped lines. */
    private record LogListener(PrintWriter out) implements NodeListener {
        @Override
        public void started(Peer url, String peerId) {
            log("started at " + url + " peer ID " + peerId);
        }

        @Override
        public void peerLearned(Peer peer, Peer from) {
            log("learned peer " + peer + " from " + from);
        }

        @Override
        public void exchangeFailed(Peer peer, String reason) {
            log("peer exchange: " + reason);
        }

        @Override
        public void stopped() {
            log("stopped");
        }

        private void log(String line) {
            synchronized (out) {
                out.println(Instant.now() + " " + line);
                out.flush();
            }
        }
    }

    @Command(name = "start", mixinStandardHelpOptions = true, description = "Start the node in the background (pid and log files under the dpm home).")
    static final class Start implements Callable<Integer> {
        @Mixin
        CliContext ctx;
        @Mixin
        NodeOptions opts;
        @Spec
        CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            opts.check();
            NodeFiles files = new NodeFiles(ctx.home());
            Optional<ProcessHandle> running = files.running();
            if (running.isPresent()) {
                throw new CliError(ExitCodes.LOCKED, "a node is already running (pid " + running.get().pid() + ")");
            }
            Files.createDirectories(ctx.home());
            Files.deleteIfExists(files.url());
            List<String> cmd = new ArrayList<>();
            cmd.add(ProcessHandle.current().info().command().orElse(
                    Path.of(System.getProperty("java.home"), "bin", "java").toString()));
            cmd.add("-cp");
            cmd.add(System.getProperty("java.class.path"));
            cmd.add("dev.dpm.cli.Main");
            cmd.add("node");
            cmd.add("run");
            cmd.add("--home=" + ctx.home());
            cmd.addAll(opts.args());
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(files.log().toFile()))
                    .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (System.nanoTime() < deadline) {
                Optional<String> url = NodeFiles.read(files.url());
                if (url.isPresent() && probe(url.get().trim())) {
                    spec.commandLine().getOut().println("dpm node started (pid " + p.pid() + ") at " + url.get().trim()
                            + "; log: " + files.log());
                    return ExitCodes.OK;
                }
                if (!p.isAlive()) {
                    // the node said why on its last "dpm: " line; repeat it with its exit code
                    String why = lastErrorLine(files.log()).map(l -> l + " (the node exited with status "
                            + p.exitValue() + "; see " + files.log() + ")")
                            .orElse("the node exited with status " + p.exitValue() + "; see " + files.log());
                    throw new CliError(p.exitValue() > 0 && p.exitValue() < ExitCodes.INTERNAL ? p.exitValue()
                            : ExitCodes.FAILURE, why);
                }
                Thread.sleep(100);
            }
            p.destroy();
            throw new CliError(ExitCodes.FAILURE, "the node did not answer within 20 s; see " + files.log());
        }
    }

    @Command(name = "stop", mixinStandardHelpOptions = true, description = "Stop the background node.")
    static final class Stop implements Callable<Integer> {
        @Mixin
        CliContext ctx;
        @Spec
        CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            NodeFiles files = new NodeFiles(ctx.home());
            Optional<ProcessHandle> running = files.running();
            if (running.isEmpty()) {
                Files.deleteIfExists(files.pid());
                Files.deleteIfExists(files.url());
                spec.commandLine().getOut().println("no node is running");
                return ExitCodes.OK;
            }
            ProcessHandle h = running.get();
            h.destroy(); // SIGTERM: the node's shutdown hook closes it and removes its files
            try {
                h.onExit().get(15, TimeUnit.SECONDS);
            } catch (java.util.concurrent.TimeoutException e) {
                h.destroyForcibly();
                // its port is only free once it is gone: a `node start` right after must not find it taken
                try {
                    h.onExit().get(10, TimeUnit.SECONDS);
                } catch (java.util.concurrent.TimeoutException e2) {
                    throw new CliError(ExitCodes.FAILURE, "dpm node (pid " + h.pid() + ") did not exit within 10 s of"
                            + " SIGKILL; its files " + files.pid() + " and " + files.url() + " are kept");
                }
            }
            Files.deleteIfExists(files.pid());
            Files.deleteIfExists(files.url());
            spec.commandLine().getOut().println("dpm node stopped (pid " + h.pid() + ")");
            return ExitCodes.OK;
        }
    }

    @Command(name = "status", mixinStandardHelpOptions = true, description = "Say whether the node runs and answers; exit 0 if it does, 1 if not.")
    static final class Status implements Callable<Integer> {
        @Mixin
        CliContext ctx;
        @Spec
        CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            NodeFiles files = new NodeFiles(ctx.home());
            Optional<ProcessHandle> running = files.running();
            PrintWriter out = spec.commandLine().getOut();
            if (running.isEmpty()) {
                out.println("dpm node: not running");
                return ExitCodes.FAILURE;
            }
            String url = NodeFiles.read(files.url()).map(String::trim).orElse("?");
            boolean answers = !url.equals("?") && probe(url);
            out.println("dpm node: running (pid " + running.get().pid() + ") at " + url
                    + (answers ? ", answers the gateway probe" : ", NOT answering") + "; log: " + files.log());
            return answers ? ExitCodes.OK : ExitCodes.FAILURE;
        }
    }

    /**
     * Checks a listen address: {@code host:port} with a port from 0 to 65535 (0: any free one).
     *
     * @return {@code address}
     * @throws IllegalArgumentException saying what is wrong with it
     */
    public static String listenAddress(String address) {
        int colon = address.lastIndexOf(':');
        int port;
        try {
            port = colon <= 0 ? -1 : Integer.parseInt(address.substring(colon + 1));
        } catch (NumberFormatException e) {
            port = -1;
        }
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("a listen address is host:port with a port from 0 to 65535, got '"
                    + address + "'");
        }
        return address;
    }

    /** Why the port could not be bound (Jetty says only "Failed to bind"), or "". */
    private static String bindFailure(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof java.net.BindException b) {
                String why = b.getMessage() == null ? "" : b.getMessage().toLowerCase(java.util.Locale.ROOT);
                return why.contains("in use") ? " (the address is in use: another node or program listens there; "
                        + "choose another with --listen or nodeListen)" : why.isEmpty() ? "" : " (" + why + ")";
            }
        }
        return "";
    }

    /** The last line of the log that starts with "dpm: ", without that prefix. */
    static Optional<String> lastErrorLine(Path log) {
        try (java.util.stream.Stream<String> lines = Files.lines(log)) {
            return lines.filter(l -> l.startsWith("dpm: ")).reduce((a, b) -> b).map(l -> l.substring(5));
        } catch (IOException | java.io.UncheckedIOException e) {
            return Optional.empty();
        }
    }

    /** True if {@code url} answers the Trustless Gateway probe ({@code /ipfs/bafkqaaa} → 200). */
    static boolean probe(String url) {
        try (HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build()) {
            HttpResponse<Void> r = http.send(HttpRequest.newBuilder(URI.create(url + "/ipfs/bafkqaaa?format=raw"))
                    .header("Accept", "application/vnd.ipld.raw").timeout(Duration.ofSeconds(3)).build(),
                    HttpResponse.BodyHandlers.discarding());
            return r.statusCode() == 200;
        } catch (IOException | IllegalArgumentException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
