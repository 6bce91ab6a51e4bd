package dev.dpm.cli.pm;

import dev.dpm.cli.PackageNames;
import dev.dpm.core.DpmException;
import dev.dpm.core.db.InstallReason;
import dev.dpm.core.db.InstalledPackage;
import dev.dpm.core.install.Autoremove;
import dev.dpm.core.pm.PackageManager;
import java.io.PrintWriter;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code dpm why NAME}: why a package is installed (aptitude why, pactree -r). */
@Command(name = "why", mixinStandardHelpOptions = true,
        description = "Say why an installed package is installed: explicitly, or the shortest chain of "
                + "dependencies from an explicitly installed package to it, or nothing (an orphan).")
public final class WhyCommand extends RootCommand {
    @Parameters(arity = "1", paramLabel = "NAME")
    String name;

    @Override
    public Integer call() {
        PackageNames.check(name);
        PrintWriter out = spec.commandLine().getOut();
        try (PackageManager pm = PmSupport.open(ctx, root.resolve(ctx), out, false)) {
            List<Autoremove.Link> chain = pm.why(name);
            boolean held = pm.held().contains(name);
            String self = name + " " + pm.list().stream().filter(p -> p.name().equals(name))
                    .map(InstalledPackage::version).findFirst().orElseThrow();
            if (chain.size() == 1) {
                out.println(self + " was installed explicitly" + (held ? " (held)" : ""));
            } else if (!chain.isEmpty()) {
                out.println(self + " is needed by " + chain.get(0).packageName() + ", which was installed explicitly:");
                for (Autoremove.Link l : chain) {
                    out.println("  " + l.packageName() + " " + l.version()
                            + (l.reason() == InstallReason.EXPLICIT ? " (explicit)" : "")
                            + (l.dependency() == null ? "" : " depends on " + l.dependency()));
                }
            } else if (pm.orphans().stream().anyMatch(p -> p.name().equals(name))) {
                out.println(self + " was installed as a dependency and no explicitly installed package needs it"
                        + " any more: `dpm autoremove` removes it");
            } else {
                out.println(self + " was installed as a dependency and no explicitly installed package needs it"
                        + " any more, but " + (held ? "it is held" : "a held package needs it")
                        + ": `dpm autoremove` keeps it");
            }
            out.flush();
            return 0;
        } catch (DpmException e) {
            throw PmSupport.error(e);
        }
    }
}
