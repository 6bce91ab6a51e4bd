package dev.dpm.cli.pm;

import dev.dpm.core.DpmException;
import dev.dpm.core.pm.OperationResult;
import dev.dpm.core.pm.PackageManager;
import java.io.PrintWriter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code dpm upgrade}. */
@Command(name = "upgrade", mixinStandardHelpOptions = true,
        description = "Upgrade installed packages to their newest releases that are not yanked (never a silent downgrade); "
                + "reports installed releases that were yanked. Run `dpm update` first.")
public final class UpgradeCommand extends RootCommand {
    @Option(names = {"-y", "--yes"}, description = "do not ask for confirmation")
    boolean yes;

    @Option(names = "--dry-run", description = "show the plan, then stop: nothing is fetched or changed")
    boolean dryRun;

    @Option(names = "--download-only", description = "fetch the upgrades into the repository (verified), then "
            + "stop: nothing is installed; a later upgrade needs no peer")
    boolean downloadOnly;

    @Override
    public Integer call() throws InterruptedException {
        PrintWriter out = spec.commandLine().getOut();
        try (PackageManager pm = PmSupport.openToFetch(ctx, root.resolve(ctx), out)) {
            PlanPrompt prompt = new PlanPrompt(out, yes, dryRun);
            OperationResult r = downloadOnly ? pm.downloadUpgrade(prompt) : pm.upgrade(prompt);
            return PlanPrompt.report(out, r, "upgrade", dryRun);
        } catch (DpmException e) {
            throw PmSupport.error(ctx, e);
        }
    }
}
