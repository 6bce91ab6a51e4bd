package dev.dpm.cli.pm;

import dev.dpm.cli.CliContext;
import dev.dpm.core.DpmException;
import dev.dpm.core.db.InstalledPackage;
import dev.dpm.core.pm.PackageManager;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code dpm list}. */
@Command(name = "list", mixinStandardHelpOptions = true, description = "List installed packages.")
public final class ListCommand implements Callable<Integer> {
    @Mixin
    CliContext ctx;
    @Mixin
    RootOption root;
    @Spec
    CommandSpec spec;

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
