package dev.dpm.cli.chain;

import dev.dpm.cli.CliContext;
import dev.dpm.cli.PackageNames;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code dpm yank NAME VERSION}: mark a release yanked (a maintainer's act; it is never deleted). */
@Command(name = "yank", mixinStandardHelpOptions = true,
        description = "Mark a release yanked: clients stop choosing it; the record stays.")
public final class YankCommand implements Callable<Integer> {
    @Mixin
    CliContext ctx;
    @Mixin
    SigningOptions signing;
    @Spec
    CommandSpec spec;
    @Parameters(index = "0", paramLabel = "NAME")
    String name;
    @Parameters(index = "1", paramLabel = "VERSION")
    String version;

    @Override
    public Integer call() throws InterruptedException {
        PackageNames.check(name);
        return AdminCommand.write(ctx, signing, spec, w -> "yanked " + name + "@" + version + " "
                + AdminCommand.where(w.yank(name, version)));
    }
}
