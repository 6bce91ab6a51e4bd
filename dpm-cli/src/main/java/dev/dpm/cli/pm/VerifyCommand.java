package dev.dpm.cli.pm;

import dev.dpm.cli.PackageNames;
import dev.dpm.core.DpmException;
import dev.dpm.core.install.VerifyReport;
import dev.dpm.core.pm.PackageManager;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code dpm verify [NAME...]}. */
@Command(name = "verify", mixinStandardHelpOptions = true,
        description = "Check installed files against the recorded types, sizes, SHA-256 hashes, modes and symlink "
                + "targets, and that every installed package's Depends are installed and nothing installed conflicts "
                + "with it or breaks it. Exit code 12 when something differs.")
public final class VerifyCommand extends RootCommand {
    @Parameters(arity = "0..*", paramLabel = "NAME")
    List<String> packages = new ArrayList<>();

    @Override
    public Integer call() {
        packages.forEach(PackageNames::check);
        PrintWriter out = spec.commandLine().getOut();
        try (PackageManager pm = PmSupport.open(ctx, root.resolve(ctx), out, false)) {
            VerifyReport r = pm.verify(packages);
            for (VerifyReport.Problem p : r.problems()) {
                out.println(p.packageName() + ": " + p.path() + ": " + p.kind().name().toLowerCase(java.util.Locale.ROOT)
                        + " (" + p.detail() + ")");
            }
            for (VerifyReport.Problem p : r.changedConfig()) {
                out.println(p.packageName() + ": " + p.path() + ": changed config file, kept ("
                        + p.detail() + ")");
            }
            out.println(r.packagesChecked() + " packages, " + r.pathsChecked() + " paths checked: "
                    + (r.ok() ? "all as installed" : r.problems().size() + " problems")
                    + (r.changedConfig().isEmpty() ? "" : "; config files changed locally (not a problem): "
                            + r.changedConfig().size()));
            List<String> deps = pm.dependencyProblems(packages);
            for (String d : deps) {
                out.println(d);
            }
            out.println("dependencies: " + (deps.isEmpty() ? "all satisfied, no conflicts" : deps.size() + " problems"));
            return r.ok() && deps.isEmpty() ? 0 : PmExitCodes.VERIFY_FAILED;
        } catch (DpmException e) {
            throw PmSupport.error(e);
        }
    }
}
