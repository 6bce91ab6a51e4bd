package dev.dpm.cli.pm;

import dev.dpm.cli.PackageNames;
import dev.dpm.core.DpmException;
import dev.dpm.core.db.InstalledPackage;
import dev.dpm.core.pm.PackageManager;
import java.io.PrintWriter;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * {@code dpm hold [NAME...]} and {@code dpm unhold NAME...}: keep installed packages at their versions
 * (apt-mark hold, pacman's IgnorePkg). Without names, {@code hold} lists the holds.
 */
public final class HoldCommand {
    private HoldCommand() {
    }

    @Command(name = "hold", mixinStandardHelpOptions = true,
            description = "Hold installed packages at their versions: install, upgrade and remove refuse to change "
                    + "them and upgrade keeps back what would need them changed. Without NAME, list the holds.")
    public static final class Hold extends RootCommand {
        @Parameters(arity = "0..*", paramLabel = "NAME")
        List<String> packages = List.of();

        @Override
        public Integer call() {
            packages.forEach(PackageNames::check);
            PrintWriter out = spec.commandLine().getOut();
            try (PackageManager pm = PmSupport.open(ctx, root.resolve(ctx), out, false)) {
                if (packages.isEmpty()) {
                    List<String> held = pm.held();
                    for (InstalledPackage p : pm.list()) {
                        if (held.contains(p.name())) {
                            out.println(p.name() + " " + p.version());
                        }
                    }
                    if (held.isEmpty()) {
                        out.println("no package is held in " + pm.root());
                    }
                } else {
                    List<String> changed = pm.hold(packages);
                    for (String name : packages) {
                        out.println(changed.contains(name) ? "held: " + name : name + " was held already");
                    }
                }
                out.flush();
                return 0;
            } catch (DpmException e) {
                throw PmSupport.error(e);
            }
        }
    }

    @Command(name = "unhold", mixinStandardHelpOptions = true, description = "Release holds set by `dpm hold`.")
    public static final class Unhold extends RootCommand {
        @Parameters(arity = "1..*", paramLabel = "NAME")
        List<String> packages;

        @Override
        public Integer call() {
            packages.forEach(PackageNames::check);
            PrintWriter out = spec.commandLine().getOut();
            try (PackageManager pm = PmSupport.open(ctx, root.resolve(ctx), out, false)) {
                List<String> changed = pm.unhold(packages);
                for (String name : packages) {
                    out.println(changed.contains(name) ? "released: " + name : name + " was not held");
                }
                out.flush();
                return 0;
            } catch (DpmException e) {
                throw PmSupport.error(e);
            }
        }
    }
}
