package dev.dpm.cli.chain;

import dev.dpm.chain.ChainException;
import dev.dpm.chain.devnet.Devnet;
import dev.dpm.chain.devnet.DevnetAccounts;
import dev.dpm.chain.devnet.DevnetInfo;
import dev.dpm.chain.rpc.FileHighestSeenStore;
import dev.dpm.cli.CliContext;
import dev.dpm.cli.CliError;
import dev.dpm.cli.ExitCodes;
import dev.dpm.cli.config.DpmConfig;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code dpm devnet up|down|status}: the embedded default chain (anvil) with a registry and a demo quorum. */
@Command(name = "devnet", mixinStandardHelpOptions = true,
        description = "Run a local chain (anvil) with a registry, a demo quorum and a demo publisher.",
        subcommands = {DevnetCommand.Up.class, DevnetCommand.Down.class, DevnetCommand.Status.class})
public final class DevnetCommand implements Runnable {
    /** Freshness window written for the devnet (blocks come every second). */
    static final long DEVNET_FRESHNESS_SECONDS = 60;

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw dev.dpm.cli.CliError.missingSubcommand(spec);
    }

    static Devnet devnet(CliContext ctx, int port) {
        return Devnet.builder(Devnet.anvilIn(ChainCommands.repoRoot()), ctx.home().resolve("devnet"))
                .keystoreDir(ctx.keystoreDir()).port(port).build();
    }

    @Command(name = "up", mixinStandardHelpOptions = true,
            description = "Start the devnet (or reload its saved state) and write the client configuration.")
    static final class Up implements Callable<Integer> {
        @Mixin
        CliContext ctx;
        @Spec
        CommandSpec spec;

        @Option(names = "--port", defaultValue = "8545", description = "loopback port (default 8545; 0: any free one)")
        int port;

        @Override
        public Integer call() throws InterruptedException {
            if (port < 0 || port > 65535) {
                throw new CliError(ExitCodes.USAGE, "--port must be from 0 to 65535, got " + port);
            }
            DpmConfig old = ctx.configOrNull();
            DevnetInfo info;
            String checkpoint; // the deploy block: a first pin on another chain is refused, not recorded
            try {
                info = devnet(ctx, port).up();
                checkpoint = DeployCheckpoint.of(info.rpc(), info.deployBlock());
            } catch (ChainException e) {
                throw ChainCommands.error(e);
            }
            DpmConfig c = new DpmConfig(info.chainId(), info.registry(), List.of(info.rpc()), DEVNET_FRESHNESS_SECONDS,
                    old != null ? old.peers() : null, ctx.keystoreDir().toString(),
                    old != null && old.account() != null ? old.account() : info.publisher(),
                    old != null ? old.nodeRepo() : null, old != null ? old.nodeListen() : null,
                    old != null ? old.seed() : null, checkpoint,
                    // the validators belong to the old chain, like its checkpoint; proofs are the client's choice
                    null, old != null ? old.proveLogs() : null, info.deployBlock());
            try {
                if (info.deployed()) {
                    // a new chain: the highest block this home saw of the previous devnet means nothing now
                    Files.deleteIfExists(FileHighestSeenStore.under(ctx.home(), info.chainId()).file());
                }
                c.save(ctx.home());
            } catch (IOException e) {
                throw new CliError(ExitCodes.CONFIG, "cannot write " + DpmConfig.file(ctx.home()) + ": " + CliError.reason(e));
            }
            PrintWriter out = spec.commandLine().getOut();
            out.println("devnet " + (info.wasRunning() ? "already running" : info.deployed()
                    ? "started, registry deployed" : "started, registry reloaded from saved state") + " at " + info.rpc() + " (chain " + info.chainId() + ", anvil pid " + info.pid() + ")");
            out.println("registry   " + info.registry());
            out.println("admins     " + String.join(" ", info.admins()) + " (threshold " + info.threshold() + ")");
            out.println("publisher  " + info.publisher());
            out.println("keystore   " + ctx.keystoreDir() + " (devnet-only password: " + DevnetAccounts.PASSWORD + ")");
            out.println("config     " + DpmConfig.file(ctx.home()));
            return ExitCodes.OK;
        }
    }

    @Command(name = "down", mixinStandardHelpOptions = true, description = "Stop the devnet (its state is kept).")
    static final class Down implements Callable<Integer> {
        @Mixin
        CliContext ctx;
        @Spec
        CommandSpec spec;

        @Override
        public Integer call() throws InterruptedException {
            try {
                Devnet d = devnet(ctx, 0);
                boolean running = d.status().isPresent();
                d.down();
                spec.commandLine().getOut().println(running ? "devnet stopped (state kept in " + d.stateFile() + ")"
                        : "devnet is not running");
                return ExitCodes.OK;
            } catch (ChainException e) {
                throw ChainCommands.error(e);
            }
        }
    }

    @Command(name = "status", mixinStandardHelpOptions = true, description = "Say what runs where.")
    static final class Status implements Callable<Integer> {
        @Mixin
        CliContext ctx;
        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            try {
                Devnet d = devnet(ctx, 0);
                Optional<DevnetInfo> s = d.status();
                PrintWriter out = spec.commandLine().getOut();
                if (s.isEmpty()) {
                    out.println("devnet is not running" + (java.nio.file.Files.exists(d.stateFile())
                            ? " (saved state: " + d.stateFile() + ")" : ""));
                    return 1;
                }
                DevnetInfo i = s.get();
                out.println("devnet running at " + i.rpc() + " (chain " + i.chainId() + ", anvil pid " + i.pid() + ")");
                out.println("registry   " + i.registry() + " (deployed in block " + i.deployBlock() + ")");
                out.println("state      " + d.stateFile());
                return ExitCodes.OK;
            } catch (ChainException e) {
                throw ChainCommands.error(e);
            }
        }
    }
}
