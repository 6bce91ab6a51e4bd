package dev.dpm.cli.content;

import dev.dpm.cli.CliContext;
import dev.dpm.cli.CliError;
import dev.dpm.cli.ExitCodes;
import dev.dpm.content.Cid;
import dev.dpm.content.ContentException;
import dev.dpm.content.repo.Repo;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code dpm pin add|rm|ls}: recursive pins in the local repo. */
@Command(name = "pin", mixinStandardHelpOptions = true, description = "Manage recursive pins.",
        subcommands = {PinCommand.Add.class, PinCommand.Rm.class, PinCommand.Ls.class})
public final class PinCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw dev.dpm.cli.CliError.missingSubcommand(spec);
    }

    @Command(name = "add", mixinStandardHelpOptions = true, description = "Pin a DAG (all of it must be in the repo).")
    static final class Add implements Callable<Integer> {
        @Mixin
        CliContext ctx;

        @Spec
        CommandSpec spec;

        @Parameters(paramLabel = "CID")
        String cid;

        @Override
        public Integer call() {
            Cid c = ContentCommands.parseCid(cid);
            try {
                boolean added = Repo.open(ctx.repoDir()).pin(c);
                spec.commandLine().getOut().println((added ? "pinned " : "already pinned ") + c);
                return ExitCodes.OK;
            } catch (ContentException e) {
                throw ContentCommands.error(e);
            }
        }
    }

    @Command(name = "rm", mixinStandardHelpOptions = true, description = "Remove a pin (blocks go at the next gc).")
    static final class Rm implements Callable<Integer> {
        @Mixin
        CliContext ctx;

        @Spec
        CommandSpec spec;

        @Parameters(paramLabel = "CID")
        String cid;

        @Override
        public Integer call() {
            Cid c = ContentCommands.parseCid(cid);
            try {
                Repo repo = Repo.open(ctx.repoDir());
                if (!repo.unpin(c)) {
                    var others = repo.holders().get(c);
                    throw new CliError(ExitCodes.INVALID_INPUT, c + " is not pinned" + (others == null ? ""
                            : " directly; it stays pinned for " + String.join(", ", others)
                                    + " (seeded for installed packages: `dpm remove` them, or set seed false)"));
                }
                spec.commandLine().getOut().println("unpinned " + c);
                return ExitCodes.OK;
            } catch (ContentException e) {
                throw ContentCommands.error(e);
            }
        }
    }

    @Command(name = "ls", mixinStandardHelpOptions = true, description = "List pins.")
    static final class Ls implements Callable<Integer> {
        @Mixin
        CliContext ctx;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            try {
                for (var e : Repo.open(ctx.repoDir()).holders().entrySet()) {
                    spec.commandLine().getOut().println(e.getKey() + " recursive " + String.join(",", e.getValue()));
                }
                return ExitCodes.OK;
            } catch (ContentException e) {
                throw ContentCommands.error(e);
            }
        }
    }
}
