package dev.dpm.cli.pm;

import dev.dpm.cli.PackageNames;
import dev.dpm.core.DpmException;
import dev.dpm.core.pm.OperationResult;
import dev.dpm.core.pm.PackageManager;
import java.io.PrintWriter;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code dpm remove NAME... [--autoremove]}. */
@Command(name = "remove", mixinStandardHelpOptions = true,
        description = "Remove installed packages (and, with --autoremove, dependencies nothing needs any more).")
public final class RemoveCommand extends RootCommand {
    @Parameters(arity = "1..*", paramLabel = "NAME")
    List<String> packages;

    @Option(names = "--autoremove", description = "also remove dependencies no remaining package needs")
    boolean autoremove;

    @Option(names = {"-y", "--yes"}, description = "do not ask for confirmation")
    boolean yes;

    @Option(names = "--dry-run", description = "show the plan, then stop: nothing is fetched or changed")
    boolean dryRun;

    @Override
    public Integer call() throws InterruptedException {
        packages.forEach(PackageNames::check);
        PrintWriter out = spec.commandLine().getOut();
        try (PackageManager pm = PmSupport.open(ctx, root.resolve(ctx), out, false)) {
            OperationResult r = pm.remove(packages, autoremove, new PlanPrompt(out, yes, dryRun));
            return PlanPrompt.reportRemoval(out, r, dryRun, ctx.repoDir());
        } catch (DpmException e) {
            throw PmSupport.error(e);
        }
    }
}
