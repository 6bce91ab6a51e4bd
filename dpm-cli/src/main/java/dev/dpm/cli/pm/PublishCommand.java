package dev.dpm.cli.pm;

import dev.dpm.chain.registry.RegistryWriter;
import dev.dpm.cli.AccountOptions;
import dev.dpm.cli.CliContext;
import dev.dpm.cli.config.DpmConfig;
import dev.dpm.core.DpmException;
import dev.dpm.core.pm.PackageManager;
import dev.dpm.core.publish.PublishResult;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code dpm publish DIR...}: the paper's algorithm 1 for each package source directory. */
@Command(name = "publish", mixinStandardHelpOptions = true,
        description = "Add a package source (DIR with dpm.control and files/) to the local node, pinned, and register "
                + "NAME@VERSION -> manifest CID in the registry. A release already registered with the same manifest "
                + "is skipped.")
public final class PublishCommand implements Callable<Integer> {
    @Mixin
    CliContext ctx;
    @Spec
    CommandSpec spec;

    @Parameters(arity = "1..*", paramLabel = "DIR")
    List<Path> dirs;

    @Mixin
    AccountOptions signing;

    @Override
    public Integer call() throws InterruptedException {
        PrintWriter out = spec.commandLine().getOut();
        DpmConfig c = ctx.chainConfig();
        RegistryWriter writer = PmSupport.writer(ctx, c, signing);
        ConsoleListener listener = new ConsoleListener(out);
        // Publishing needs no install root; the package manager's state goes to the home's root.
        try (PackageManager pm = PmSupport.open(ctx, ctx.home().resolve("root"), listener, true, writer)) {
            for (Path dir : dirs) {
                PublishResult r = pm.publish(dir, listener);
                if (r.alreadyPublished()) {
                    out.println(r.release() + " is already published with manifest " + r.manifestCid() + ": skipped");
                } else {
                    out.println("published " + r.release() + " -> " + r.manifestCid() + " in block " + r.blockNumber()
                            + " (tx " + r.transactionHash() + ")");
                }
                out.flush();
            }
            return 0;
        } catch (DpmException e) {
            throw PmSupport.error(e);
        }
    }
}
