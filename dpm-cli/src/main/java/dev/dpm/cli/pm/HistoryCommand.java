package dev.dpm.cli.pm;

import dev.dpm.cli.PackageNames;
import dev.dpm.core.DpmException;
import dev.dpm.core.db.HistoryEntry;
import dev.dpm.core.pm.PackageManager;
import java.io.PrintWriter;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code dpm history [NAME...]}. */
@Command(name = "history", mixinStandardHelpOptions = true,
        description = "Show what every transaction did, oldest first; with NAMEs, only what it did to those packages.")
public final class HistoryCommand extends RootCommand {
    @Parameters(arity = "0..*", paramLabel = "NAME")
    List<String> packages = List.of();

    @Override
    public Integer call() {
        packages.forEach(PackageNames::check);
        PrintWriter out = spec.commandLine().getOut();
        try (PackageManager pm = PmSupport.open(ctx, root.resolve(ctx), out, false)) {
            for (HistoryEntry e : pm.history()) {
                if (!packages.isEmpty() && !packages.contains(e.packageName())) {
                    continue;
                }
                String change = switch (e.action()) {
                    case INSTALL, REINSTALL -> e.toVersion();
                    case REMOVE -> e.fromVersion();
                    default -> e.fromVersion() + " -> " + e.toVersion();
                };
                out.println(e.time() + " " + e.action().name().toLowerCase(java.util.Locale.ROOT) + " " + e.packageName()
                        + " " + change + " (" + e.transactionId() + ")");
            }
            return 0;
        } catch (DpmException e) {
            throw PmSupport.error(e);
        }
    }
}
