package dev.dpm.cli.pm;

import dev.dpm.cli.PackageNames;
import dev.dpm.core.DpmException;
import dev.dpm.core.db.FileType;
import dev.dpm.core.db.InstalledFile;
import dev.dpm.core.pm.PackageManager;
import java.io.PrintWriter;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code dpm files NAME...}: the paths installed packages own (pacman -Ql, dpkg -L). */
@Command(name = "files", mixinStandardHelpOptions = true,
        description = "List the paths installed packages own, as 'NAME /PATH' inside the root (directories end in /).")
public final class FilesCommand extends RootCommand {
    @Parameters(arity = "1..*", paramLabel = "NAME")
    List<String> packages;

    @Option(names = {"-q", "--quiet"}, description = "print the paths only")
    boolean quiet;

    @Override
    public Integer call() {
        packages.forEach(PackageNames::check);
        PrintWriter out = spec.commandLine().getOut();
        try (PackageManager pm = PmSupport.open(ctx, root.resolve(ctx), out, false)) {
            for (String name : packages) {
                for (InstalledFile f : pm.files(name)) {
                    String path = "/" + f.path() + (f.type() == FileType.DIR ? "/" : "");
                    out.println(quiet ? path : name + " " + path);
                }
            }
            out.flush();
            return 0;
        } catch (DpmException e) {
            throw PmSupport.error(e);
        }
    }
}
