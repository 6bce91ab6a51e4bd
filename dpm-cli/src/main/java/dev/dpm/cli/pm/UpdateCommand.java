package dev.dpm.cli.pm;

import dev.dpm.core.DpmException;
import dev.dpm.core.index.SyncReport;
import dev.dpm.core.pm.PackageManager;
import java.io.PrintWriter;
import java.util.Locale;
import picocli.CommandLine.Command;

/** {@code dpm update}. */
@Command(name = "update", mixinStandardHelpOptions = true,
        description = "Sync the package index from the registry's events since the last update "
                + "(every manifest checked against its on-chain CID).")
public final class UpdateCommand extends RootCommand {
    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        try (PackageManager pm = PmSupport.open(ctx, root.resolve(ctx), out, true)) {
            SyncReport r = pm.update();
            out.println("index at block " + r.toBlock() + ": " + r.releasesAdded() + " new releases, " + r.yanks()
                    + " yanks, " + r.totalReleases() + " releases in all ("
                    + String.format(Locale.ROOT, "%.2f", r.elapsed().toNanos() / 1e9) + " s)"
                    + (r.rejected().isEmpty() ? "" : "; " + r.rejected().size() + " left out"));
            return 0;
        } catch (DpmException e) {
            throw PmSupport.error(e);
        }
    }
}
