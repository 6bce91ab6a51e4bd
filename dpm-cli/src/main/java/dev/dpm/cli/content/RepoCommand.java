package dev.dpm.cli.content;

import dev.dpm.cli.CliContext;
import dev.dpm.cli.CliError;
import dev.dpm.cli.ExitCodes;
import dev.dpm.content.Cid;
import dev.dpm.content.ContentException;
import dev.dpm.content.repo.GcResult;
import dev.dpm.content.repo.Repo;
import dev.dpm.content.repo.RepoStats;
import dev.dpm.content.repo.VerifyReport;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code dpm repo stat|verify|gc}: the local blockstore. */
@Command(name = "repo", mixinStandardHelpOptions = true, description = "Inspect and maintain the local repo.",
        subcommands = {RepoCommand.Stat.class, RepoCommand.Verify.class, RepoCommand.Gc.class})
public final class RepoCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw dev.dpm.cli.CliError.missingSubcommand(spec);
    }

    @Command(name = "stat", mixinStandardHelpOptions = true, description = "Blocks, bytes and pinned bytes.")
    static final class Stat implements Callable<Integer> {
        @Mixin
        CliContext ctx;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            try {
                RepoStats s = Repo.open(ctx.repoDir()).stat();
                PrintWriter out = spec.commandLine().getOut();
                out.println("repo:          " + ctx.repoDir());
                out.println("blocks:        " + s.blocks());
                out.println("bytes:         " + s.bytes());
                out.println("pins:          " + s.pins());
                out.println("pinned blocks: " + s.pinnedBlocks());
                out.println("pinned bytes:  " + s.pinnedBytes());
                return ExitCodes.OK;
            } catch (ContentException e) {
                throw ContentCommands.error(e);
            }
        }
    }

    @Command(name = "verify", mixinStandardHelpOptions = true, description = "Re-hash every block; report bad ones.")
    static final class Verify implements Callable<Integer> {
        @Mixin
        CliContext ctx;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            try {
                Repo repo = Repo.open(ctx.repoDir());
                VerifyReport r = repo.verify();
                for (Cid bad : r.bad()) {
                    spec.commandLine().getOut().println("bad block " + bad + " at " + repo.blockstore().pathOf(bad));
                }
                if (!r.ok()) {
                    throw new CliError(ExitCodes.CONTENT, r.bad().size() + " of " + r.checked()
                            + " blocks do not match their hash (remove them, then fetch or re-add the content)");
                }
                spec.commandLine().getOut().println("verified " + r.checked() + " blocks: all good");
                return ExitCodes.OK;
            } catch (ContentException e) {
                throw ContentCommands.error(e);
            }
        }
    }

    @Command(name = "gc", mixinStandardHelpOptions = true, description = "Delete blocks not reachable from a pin.")
    static final class Gc implements Callable<Integer> {
        @Mixin
        CliContext ctx;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            try {
                GcResult r = Repo.open(ctx.repoDir()).gc();
                spec.commandLine().getOut().println("removed " + r.removedBlocks() + " blocks, " + r.removedBytes() + " bytes");
                return ExitCodes.OK;
            } catch (ContentException e) {
                throw ContentCommands.error(e);
            }
        }
    }
}
