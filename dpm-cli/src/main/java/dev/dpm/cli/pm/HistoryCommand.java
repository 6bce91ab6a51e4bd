package dev.dpm.cli.pm;

import dev.dpm.core.DpmException;
import dev.dpm.core.db.HistoryEntry;
import dev.dpm.core.pm.PackageManager;
import java.io.PrintWriter;
import picocli.CommandLine.Command;

/** {@code dpm history}. */
@Command(name = "history", mixinStandardHelpOptions = true, description = "Show what every transaction did, oldest first.")
public final class HistoryCommand extends RootCommand {
    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        try (PackageManager pm = PmSupport.open(ctx, root.resolve(ctx), out, false)) {
            for (HistoryEntry e : pm.history()) {
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
