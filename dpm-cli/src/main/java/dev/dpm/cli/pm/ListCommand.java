package dev.dpm.cli.pm;

import dev.dpm.core.DpmException;
import dev.dpm.core.db.InstallReason;
import dev.dpm.core.db.InstalledPackage;
import dev.dpm.core.pm.PackageManager;
import java.io.PrintWriter;
import java.util.List;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code dpm list [--upgradable|--explicit|--dependency|--orphans]} (pacman {@code -Q}, {@code -Qu},
 * {@code -Qe}, {@code -Qd}, {@code -Qdt}; apt {@code list --installed}, {@code list --upgradable}). The
 * filters are mutually exclusive: each answers one question, and a combination such as "explicit orphans"
 * would be empty by definition.
 */
@Command(name = "list", mixinStandardHelpOptions = true,
        description = "List installed packages (all, or those one filter selects).")
public final class ListCommand extends RootCommand {
    @ArgGroup(exclusive = true, multiplicity = "0..1", heading = "Filters (at most one):%n")
    Filter filter;

    static final class Filter {
        @Option(names = "--upgradable", required = true,
                description = "only packages the index (as last synced by `dpm update`) has a newer release of "
                        + "that is not yanked: NAME INSTALLED -> NEWEST[, held]")
        boolean upgradable;
        @Option(names = "--explicit", required = true, description = "only packages installed by name")
        boolean explicit;
        @Option(names = "--dependency", required = true, description = "only packages installed as dependencies")
        boolean dependency;
        @Option(names = "--orphans", required = true,
                description = "only dependencies that no explicitly installed package needs any more, held ones "
                        + "and what they need excepted: what `dpm autoremove` would remove")
        boolean orphans;
    }

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        try (PackageManager pm = PmSupport.open(ctx, root.resolve(ctx), out, false)) {
            List<InstalledPackage> all = pm.list();
            if (all.isEmpty()) {
                out.println("nothing installed in " + pm.root());
            } else if (filter != null && filter.upgradable) {
                upgradable(out, pm);
            } else if (filter == null) {
                print(out, pm, all, null);
            } else if (filter.explicit) {
                print(out, pm, pm.list(InstallReason.EXPLICIT), "no explicitly installed packages in " + pm.root());
            } else if (filter.dependency) {
                print(out, pm, pm.list(InstallReason.DEPENDENCY), "no packages installed as dependencies in " + pm.root());
            } else {
                print(out, pm, pm.orphans(), "no orphans in " + pm.root() + ": nothing for `dpm autoremove` to remove");
            }
            out.flush();
            return 0;
        } catch (DpmException e) {
            throw PmSupport.error(e);
        }
    }

    /** One line per package, as plain {@code dpm list}; {@code none} when there is none. */
    private static void print(PrintWriter out, PackageManager pm, List<InstalledPackage> packages, String none)
            throws DpmException {
        List<String> held = pm.held();
        for (InstalledPackage p : packages) {
            out.println(p.name() + " " + p.version() + " (" + p.reason().code() + (held.contains(p.name()) ? ", held" : "")
                    + ", installed " + p.installedAt() + ")");
        }
        if (packages.isEmpty()) {
            out.println(none);
        }
    }

    private static void upgradable(PrintWriter out, PackageManager pm) throws DpmException {
        List<PackageManager.Upgradable> ups = pm.upgradable();
        for (PackageManager.Upgradable u : ups) {
            out.println(u.name() + " " + u.installed() + " -> " + u.newest() + (u.held() ? ", held" : ""));
        }
        if (ups.isEmpty()) {
            // an index never synced knows of no release at all: "newest" would be a claim about nothing
            out.println(pm.indexSynced() ? "all installed packages are at their newest release"
                    : "all installed packages are at their newest release in the index, which was never synced:"
                            + " run `dpm update`");
        }
    }
}
