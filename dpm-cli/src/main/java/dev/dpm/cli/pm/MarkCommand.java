package dev.dpm.cli.pm;

import dev.dpm.cli.PackageNames;
import dev.dpm.core.DpmException;
import dev.dpm.core.db.InstallReason;
import dev.dpm.core.pm.PackageManager;
import java.io.PrintWriter;
import java.util.List;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code dpm mark --explicit|--dependency NAME...} (apt-mark manual/auto, pacman -D --asexplicit/--asdeps). */
@Command(name = "mark", mixinStandardHelpOptions = true,
        description = "Change why installed packages are installed: `remove --autoremove` takes dependencies that no "
                + "explicitly installed package needs, and never explicit ones.")
public final class MarkCommand extends RootCommand {
    @ArgGroup(exclusive = true, multiplicity = "1")
    Reason reason;

    static final class Reason {
        @Option(names = "--explicit", required = true, description = "as if asked for by name")
        boolean explicit;
        @Option(names = "--dependency", required = true, description = "as installed for another package")
        boolean dependency;
    }

    @Parameters(arity = "1..*", paramLabel = "NAME")
    List<String> packages;

    @Override
    public Integer call() {
        packages.forEach(PackageNames::check);
        PrintWriter out = spec.commandLine().getOut();
        InstallReason to = reason.explicit ? InstallReason.EXPLICIT : InstallReason.DEPENDENCY;
        try (PackageManager pm = PmSupport.open(ctx, root.resolve(ctx), out, false)) {
            List<String> changed = pm.mark(packages, to);
            for (String name : packages) {
                out.println(name + (changed.contains(name) ? " is now " : " was already ") + to.code());
            }
            out.flush();
            return 0;
        } catch (DpmException e) {
            throw PmSupport.error(e);
        }
    }
}
