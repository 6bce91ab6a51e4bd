package dev.dpm.cli.chain;

import dev.dpm.chain.ChainException;
import dev.dpm.chain.registry.RegistryClient;
import dev.dpm.chain.registry.RegistryWriter;
import dev.dpm.chain.rpc.ChainView;
import dev.dpm.chain.rpc.VerifiedChainReader;
import dev.dpm.chain.tx.TransactionSender;
import dev.dpm.chain.tx.TxReceipt;
import dev.dpm.cli.CliContext;
import dev.dpm.cli.CliError;
import dev.dpm.cli.ExitCodes;
import dev.dpm.cli.config.DpmConfig;
import java.io.IOException;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code dpm registry deploy|info}. */
@Command(name = "registry", mixinStandardHelpOptions = true, description = "Deploy or inspect the registry contract.",
        subcommands = {RegistryCommand.Deploy.class, RegistryCommand.Info.class})
public final class RegistryCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw dev.dpm.cli.CliError.missingSubcommand(spec);
    }

    @Command(name = "deploy", mixinStandardHelpOptions = true,
            description = "Deploy a new registry with the given quorum; the configuration then points to it.")
    static final class Deploy implements Callable<Integer> {
        @Mixin
        CliContext ctx;
        @Mixin
        SigningOptions signing;
        @Spec
        CommandSpec spec;

        @Option(names = "--admin", required = true, paramLabel = "ADDRESS", description = "an admin (repeat)")
        List<String> admins;

        @Option(names = "--threshold", required = true, paramLabel = "M", description = "approvals a change needs")
        int threshold;

        @Option(names = "--publisher", paramLabel = "ADDRESS", description = "an initial publisher (repeat)")
        List<String> publishers = new ArrayList<>();

        /** A hundred years: beyond that a lifetime is a typo (and overflows the contract's seconds). */
        static final long MAX_LIFETIME_HOURS = 876_000;

        @Option(names = "--proposal-lifetime-hours", defaultValue = "168", description = "hours a proposal stays open (default 168, a week)")
        long lifetimeHours;

        @Override
        public Integer call() throws InterruptedException {
            DpmConfig c = ctx.config();
            if (c.rpc() == null || c.rpc().isEmpty()) {
                throw new CliError(ExitCodes.CONFIG, DpmConfig.file(ctx.home()) + " names no rpc endpoint");
            }
            List<String> as = admins.stream().map(a -> ChainCommands.address(a, "admin")).toList();
            List<String> ps = publishers.stream().map(a -> ChainCommands.address(a, "publisher")).toList();
            if (lifetimeHours < 1 || lifetimeHours > MAX_LIFETIME_HOURS) {
                throw new CliError(ExitCodes.USAGE, "--proposal-lifetime-hours must be from 1 to " + MAX_LIFETIME_HOURS
                        + ", got " + lifetimeHours);
            }
            if (threshold < 1 || threshold > as.size()) {
                throw new CliError(ExitCodes.INVALID_INPUT, "threshold " + threshold + " must be between 1 and the "
                        + "number of admins (" + as.size() + ")");
            }
            try (TransactionSender s = ChainCommands.sender(c, signing.unlock(ctx, c))) {
                TxReceipt r = RegistryWriter.deploy(s, as, threshold, Duration.ofHours(lifetimeHours), ps);
                // the deploy block as checkpoint: every later pin must descend from it (fast-forward)
                DpmConfig next = c.withRegistry(r.contractAddress(), r.blockNumber()).withTrust(
                        DeployCheckpoint.of(c.rpc().get(0), r.blockNumber()), c.cliqueValidators(), c.proveLogs());
                next.save(ctx.home());
                PrintWriter out = spec.commandLine().getOut();
                out.println("registry deployed at " + r.contractAddress() + " (block " + r.blockNumber() + ", tx "
                        + r.hash() + ", " + r.gasUsed() + " gas)");
                out.println(DpmConfig.file(ctx.home()) + " now points to it");
                return ExitCodes.OK;
            } catch (ChainException e) {
                throw ChainCommands.error(e);
            } catch (IOException e) {
                throw new CliError(ExitCodes.CONFIG, "cannot write " + DpmConfig.file(ctx.home()) + ": " + CliError.reason(e));
            }
        }
    }

    @Command(name = "info", mixinStandardHelpOptions = true, description = "Show the registry's quorum and size.")
    static final class Info implements Callable<Integer> {
        @Mixin
        CliContext ctx;
        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            DpmConfig c = ChainCommands.chainConfig(ctx);
            RegistryClient client = new RegistryClient(c.registry());
            try (VerifiedChainReader reader = ChainCommands.reader(ctx.home(), c)) {
                ChainView v = reader.pin();
                PrintWriter out = spec.commandLine().getOut();
                out.println("registry    " + c.registry() + " at block " + v.block().number() + " (" + v.block().hash()
                        + ")");
                out.println("admins      " + String.join(" ", client.admins(v)) + " (threshold "
                        + client.threshold(v) + ")");
                out.println("publishers  " + String.join(" ", client.allPublishers(v)));
                out.println("packages    " + client.names(v, 0, 1).total());
                out.println("open proposals " + client.openProposals(v).size());
                return ExitCodes.OK;
            } catch (ChainException e) {
                throw ChainCommands.error(e);
            }
        }
    }
}
