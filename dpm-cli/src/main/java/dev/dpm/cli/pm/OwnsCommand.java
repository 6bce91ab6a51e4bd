package dev.dpm.cli.pm;

import dev.dpm.core.DpmException;
import dev.dpm.core.db.InstalledFile;
import dev.dpm.core.pm.PackageManager;
import dev.dpm.core.pm.PackageNotFoundException;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code dpm owns PATH...}: which installed package owns a path (pacman -Qo, dpkg -S). */
@Command(name = "owns", mixinStandardHelpOptions = true,
        description = "Name the installed package that owns each PATH: a path inside the root (/usr/bin/x or "
                + "usr/bin/x), or an absolute path under it. Exit 10 when some path has no owner.")
public final class OwnsCommand extends RootCommand {
    @Parameters(arity = "1..*", paramLabel = "PATH")
    List<String> paths;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        try (PackageManager pm = PmSupport.open(ctx, root.resolve(ctx), out, false)) {
            Map<String, String> versions = new HashMap<>();
            pm.list().forEach(p -> versions.put(p.name(), p.version()));
            int code = 0;
            for (String path : paths) {
                try {
                    List<String> owners = new ArrayList<>();
                    String inRoot = null;
                    for (InstalledFile f : pm.owners(path)) {
                        inRoot = f.path();
                        owners.add(f.owner() + " " + versions.get(f.owner()));
                    }
                    out.println("/" + inRoot + " is owned by " + String.join(", ", owners));
                } catch (PackageNotFoundException e) {
                    out.flush();
                    err.println("dpm: " + e.getMessage());
                    err.flush();
                    code = PmExitCodes.NOT_FOUND;
                }
            }
            out.flush();
            return code;
        } catch (DpmException e) {
            throw PmSupport.error(e);
        }
    }
}
