package dev.dpm.cli.pm;

import dev.dpm.core.DpmException;
import dev.dpm.core.pm.OperationResult;
import dev.dpm.core.pm.PackageManager;
import java.io.PrintWriter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code dpm autoremove [--yes] [--dry-run]} (apt {@code autoremove}, pacman {@code -Rns $(pacman -Qdtq)}):
 * removes what {@code dpm list --orphans} lists, in one transaction, showing the plan as {@code remove} does.
 */
@Command(name = "autoremove", mixinStandardHelpOptions = true,
        description = "Remove dependencies that no explicitly installed package needs any more (what `dpm list "
                + "--orphans` lists); held packages, and what they need, stay.")
public final class AutoremoveCommand extends RootCommand {
    @Option(names = {"-y", "--yes"}, description = "do not ask for confirmation")
    boolean yes;

    @Option(names = "--dry-run", description = "show the plan, then stop: nothing is changed")
    boolean dryRun;

    @Override
    public Integer call() throws InterruptedException {
        PrintWriter out = spec.commandLine().getOut();
        try (PackageManager pm = PmSupport.open(ctx, root.resolve(ctx), out, false)) {
            OperationResult r = pm.autoremove(new PlanPrompt(out, yes, dryRun));
            return PlanPrompt.reportRemoval(out, r, dryRun, ctx.repoDir());
        } catch (DpmException e) {
            throw PmSupport.error(e);
        }
    }
}
