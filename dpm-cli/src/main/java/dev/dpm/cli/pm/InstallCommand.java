package dev.dpm.cli.pm;

import dev.dpm.core.DpmException;
import dev.dpm.core.pm.OperationResult;
import dev.dpm.core.pm.PackageManager;
import java.io.PrintWriter;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code dpm install NAME[=VERSION]... [--root DIR] [--yes]}. */
@Command(name = "install", mixinStandardHelpOptions = true,
        description = "Resolve, fetch (verified, from the storage peers) and install packages atomically.")
public final class InstallCommand extends RootCommand {
    @Parameters(arity = "1..*", paramLabel = "NAME[=VERSION]")
    List<String> packages;

    @Option(names = {"-y", "--yes"}, description = "do not ask for confirmation")
    boolean yes;

    @Option(names = "--reinstall", description = "install a named package again over itself when it stays at its "
            + "installed release (repairs what `dpm verify` reports)")
    boolean reinstall;

    @Option(names = "--dry-run", description = "show the plan, then stop: nothing is fetched or changed")
    boolean dryRun;

    @Option(names = "--download-only", description = "fetch the plan's packages into the repository (verified), "
            + "then stop: nothing is installed; a later install needs no peer")
    boolean downloadOnly;

    @Override
    public Integer call() throws InterruptedException {
        PrintWriter out = spec.commandLine().getOut();
        try (PackageManager pm = PmSupport.openToFetch(ctx, root.resolve(ctx), out)) {
            PlanPrompt prompt = new PlanPrompt(out, yes, dryRun);
            OperationResult r = downloadOnly ? pm.download(packages, reinstall, prompt)
                    : pm.install(packages, reinstall, prompt);
            return PlanPrompt.report(out, r, "install", dryRun);
        } catch (DpmException e) {
            throw PmSupport.error(ctx, e);
        }
    }
}
