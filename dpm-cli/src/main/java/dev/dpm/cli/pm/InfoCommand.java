package dev.dpm.cli.pm;

import dev.dpm.cli.PackageNames;
import dev.dpm.core.DpmException;
import dev.dpm.core.manifest.Dependency;
import dev.dpm.core.manifest.Manifest;
import dev.dpm.core.pm.PackageInfo;
import dev.dpm.core.pm.PackageManager;
import java.io.PrintWriter;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code dpm info NAME}. */
@Command(name = "info", mixinStandardHelpOptions = true,
        description = "Show a package's releases, dependencies, maintainers and yanks.")
public final class InfoCommand extends RootCommand {
    @Parameters(index = "0", paramLabel = "NAME")
    String name;

    @Override
    public Integer call() {
        PackageNames.check(name);
        PrintWriter out = spec.commandLine().getOut();
        try (PackageManager pm = PmSupport.open(ctx, root.resolve(ctx), out, false)) {
            PackageInfo info = pm.info(name);
            out.println("Package:     " + info.name());
            // the newest release that is not yanked describes the package; with every release yanked, the newest
            info.latest().or(() -> info.releases().stream().findFirst()).ifPresent(
                    l -> out.println("Description: " + l.manifest().description().replace("\n", "\n             ")));
            out.println("Installed:   " + info.installed().map(p -> p.version() + " (" + p.reason().code()
                    + (info.held() ? ", held" : "") + ")").orElse("no"));
            if (info.installed().isPresent()) {
                out.println("Required by: " + (info.requiredBy().isEmpty() ? "-" : String.join(", ", info.requiredBy())));
            }
            out.println("Maintainers: " + (info.maintainers().isEmpty() ? "-" : String.join(", ", info.maintainers())));
            out.println("Releases:");
            for (PackageInfo.Release r : info.releases()) {
                Manifest m = r.manifest();
                out.println("  " + m.version() + (r.yanked() ? "  [yanked in block " + r.record().yankBlock() + "]" : "")
                        + "  " + m.architecture() + "  manifest " + r.record().manifestCid());
                out.println("    published by " + r.record().publisher() + " in block " + r.record().block());
                if (m.payload() != null) {
                    out.println("    payload " + m.payload() + ", " + ConsoleListener.size(m.payloadSize()) + ", "
                            + m.files().size() + " entries");
                }
                deps(out, "Depends", m.depends());
                deps(out, "Pre-Depends", m.preDepends());
                rels(out, "Conflicts", m.conflicts().stream().map(Object::toString).toList());
                rels(out, "Breaks", m.breaks().stream().map(Object::toString).toList());
                rels(out, "Provides", m.provides().stream().map(Object::toString).toList());
                rels(out, "Config files", m.conffiles().stream().map(c -> "/" + c).toList());
            }
            return 0;
        } catch (DpmException e) {
            throw PmSupport.error(e);
        }
    }

    private static void deps(PrintWriter out, String field, List<Dependency> ds) {
        rels(out, field, ds.stream().map(Object::toString).toList());
    }

    private static void rels(PrintWriter out, String field, List<String> items) {
        if (!items.isEmpty()) {
            out.println("    " + field + ": " + String.join(", ", items));
        }
    }
}
