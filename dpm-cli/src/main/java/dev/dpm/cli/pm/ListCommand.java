package dev.dpm.cli.pm;

import dev.dpm.core.DpmException;
import dev.dpm.core.db.InstalledPackage;
import dev.dpm.core.pm.PackageManager;
import java.io.PrintWriter;
import java.util.List;
import picocli.CommandLine.Command;

/** {@code dpm list}. */
@Command(name = "list", mixinStandardHelpOptions = true, description = "List installed packages.")
public final class ListCommand extends RootCommand {
    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        try (PackageManager pm = PmSupport.open(ctx, root.resolve(ctx), out, false)) {
            List<InstalledPackage> all = pm.list();
            List<String> held = pm.held();
            for (InstalledPackage p : all) {
                out.println(p.name() + " " + p.version() + " (" + p.reason().code() + (held.contains(p.name()) ? ", held" : "")
                        + ", installed " + p.installedAt() + ")");
            }
            if (all.isEmpty()) {
                out.println("nothing installed in " + pm.root());
            }
            return 0;
        } catch (DpmException e) {
            throw PmSupport.error(e);
        }
    }
}
