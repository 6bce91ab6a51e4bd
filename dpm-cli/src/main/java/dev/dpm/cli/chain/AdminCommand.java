package dev.dpm.cli.chain;

import dev.dpm.chain.ChainException;
import dev.dpm.chain.registry.Proposal;
import dev.dpm.chain.registry.ProposalKind;
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
import java.io.PrintWriter;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code dpm admin propose|approve|revoke|execute|list}: quorum governance. */
@Command(name = "admin", mixinStandardHelpOptions = true,
        description = "Quorum governance: changes execute once M admins approved them.",
        subcommands = {AdminCommand.Propose.class, AdminCommand.Approve.class, AdminCommand.Revoke.class,
                AdminCommand.Execute.class, AdminCommand.ListProposals.class})
public final class AdminCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw dev.dpm.cli.CliError.missingSubcommand(spec);
    }

    /** Runs one write as the signing account and prints what happened. */
    interface Write {
        String run(RegistryWriter w) throws ChainException, InterruptedException;
    }

    static int write(CliContext ctx, SigningOptions signing, CommandSpec spec, Write write) throws InterruptedException {
        DpmConfig c = ChainCommands.chainConfig(ctx);
        try (TransactionSender s = signing.sender(ctx, c)) {
            spec.commandLine().getOut().println(write.run(new RegistryWriter(s, c.registry())));
            return ExitCodes.OK;
        } catch (ChainException e) {
            throw ChainCommands.error(e);
        }
    }

    static String where(TxReceipt r) {
        return "(block " + r.blockNumber() + ", tx " + r.hash() + ")";
    }

    @Command(name = "propose", mixinStandardHelpOptions = true, description = {
        "Propose a change and approve it as its proposer. KIND and ARGS:",
        "  add-publisher ADDRESS | remove-publisher ADDRESS | add-admin ADDRESS | remove-admin ADDRESS",
        "  change-threshold M | hand-over PACKAGE ADDRESS... | yank-publisher ADDRESS"})
    static final class Propose implements Callable<Integer> {
        @Mixin
        CliContext ctx;
        @Mixin
        SigningOptions signing;
        @Spec
        CommandSpec spec;

        @Parameters(index = "0", paramLabel = "KIND")
        String kind;

        @Parameters(index = "1..*", paramLabel = "ARGS", arity = "1..*")
        List<String> args;

        @Override
        public Integer call() throws InterruptedException {
            ProposalKind k = Arrays.stream(ProposalKind.values()).filter(x -> x.cliName().equals(kind)).findFirst()
                    .orElseThrow(() -> new CliError(ExitCodes.USAGE, "unknown proposal kind \"" + kind + "\"; one of "
                            + Arrays.stream(ProposalKind.values()).map(ProposalKind::cliName)
                                    .collect(Collectors.joining(", "))));
            return write(ctx, signing, spec, w -> {
                RegistryWriter.Proposed p = switch (k) {
                    case CHANGE_THRESHOLD -> w.proposeThreshold(number(one()));
                    case HAND_OVER -> {
                        if (args.size() < 2) {
                            throw new CliError(ExitCodes.USAGE, "hand-over needs PACKAGE and at least one ADDRESS");
                        }
                        yield w.proposeHandOver(args.get(0), args.subList(1, args.size()).stream()
                                .map(a -> ChainCommands.address(a, "maintainer")).toList());
                    }
                    default -> w.propose(k, ChainCommands.address(one(), "target"), 0, null, List.of());
                };
                return "proposal " + p.id() + " (" + k.cliName() + ") " + (p.executed() ? "created and executed "
                        : "created with 1 approval ") + where(p.receipt());
            });
        }

        private String one() {
            if (args.size() != 1) {
                throw new CliError(ExitCodes.USAGE, kind + " takes exactly one argument");
            }
            return args.get(0);
        }

        private static int number(String s) {
            try {
                return Integer.parseInt(s);
            } catch (NumberFormatException e) {
                throw new CliError(ExitCodes.INVALID_INPUT, "\"" + s + "\" is not a number");
            }
        }
    }

    @Command(name = "approve", mixinStandardHelpOptions = true,
            description = "Approve a proposal; it executes when the approvals reach the threshold.")
    static final class Approve implements Callable<Integer> {
        @Mixin
        CliContext ctx;
        @Mixin
        SigningOptions signing;
        @Spec
        CommandSpec spec;
        @Parameters(paramLabel = "ID")
        long id;

        @Override
        public Integer call() throws InterruptedException {
            return write(ctx, signing, spec, w -> {
                TxReceipt r = w.approve(id);
                return "approved proposal " + id + (w.executed(r) ? ", which executed " : " ") + where(r);
            });
        }
    }

    @Command(name = "revoke", mixinStandardHelpOptions = true, description = "Withdraw your approval of a proposal.")
    static final class Revoke implements Callable<Integer> {
        @Mixin
        CliContext ctx;
        @Mixin
        SigningOptions signing;
        @Spec
        CommandSpec spec;
        @Parameters(paramLabel = "ID")
        long id;

        @Override
        public Integer call() throws InterruptedException {
            return write(ctx, signing, spec, w -> "withdrew approval of proposal " + id + " " + where(w.revoke(id)));
        }
    }

    @Command(name = "execute", mixinStandardHelpOptions = true,
            description = "Execute a proposal whose approvals already reach the threshold.")
    static final class Execute implements Callable<Integer> {
        @Mixin
        CliContext ctx;
        @Mixin
        SigningOptions signing;
        @Spec
        CommandSpec spec;
        @Parameters(paramLabel = "ID")
        long id;

        @Override
        public Integer call() throws InterruptedException {
            return write(ctx, signing, spec, w -> "executed proposal " + id + " " + where(w.execute(id)));
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List open proposals and their approvals.")
    static final class ListProposals implements Callable<Integer> {
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
                int m = client.threshold(v);
                PrintWriter out = spec.commandLine().getOut();
                List<Proposal> open = client.openProposals(v);
                if (open.isEmpty()) {
                    out.println("no open proposals (block " + v.block().number() + ")");
                }
                for (Proposal p : open) {
                    out.println(p.describe() + "  " + p.approvers().size() + " of " + m + " approvals ("
                            + String.join(", ", p.approvers()) + "), proposed by " + p.proposer() + ", expires "
                            + Instant.ofEpochSecond(p.expiresAt()));
                }
                return ExitCodes.OK;
            } catch (ChainException e) {
                throw ChainCommands.error(e);
            }
        }
    }
}
