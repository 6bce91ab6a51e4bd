package dev.dpm.cli.chain;

import dev.dpm.chain.ChainException;
import dev.dpm.chain.registry.RegistryClient;
import dev.dpm.chain.rpc.VerifiedChainReader;
import dev.dpm.cli.CliContext;
import dev.dpm.cli.ExitCodes;
import dev.dpm.cli.config.DpmConfig;
import dev.dpm.cli.PackageNames;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code dpm maintainer add|remove|list}: a package's co-maintainers (a maintainer's act). */
@Command(name = "maintainer", mixinStandardHelpOptions = true, description = "Manage a package's maintainers.",
        subcommands = {MaintainerCommand.Add.class, MaintainerCommand.Remove.class, MaintainerCommand.ListM.class})
public final class MaintainerCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw dev.dpm.cli.CliError.missingSubcommand(spec);
    }

    @Command(name = "add", mixinStandardHelpOptions = true, description = "Add a co-maintainer of NAME.")
    static final class Add implements Callable<Integer> {
        @Mixin
        CliContext ctx;
        @Mixin
        SigningOptions signing;
        @Spec
        CommandSpec spec;
        @Parameters(index = "0", paramLabel = "NAME")
        String name;
        @Parameters(index = "1", paramLabel = "ADDRESS")
        String address;

        @Override
        public Integer call() throws InterruptedException {
            PackageNames.check(name);
            String a = ChainCommands.address(address, "maintainer");
            return AdminCommand.write(ctx, signing, spec, w -> "added maintainer " + a + " to " + name + " "
                    + AdminCommand.where(w.addMaintainer(name, a)));
        }
    }

    @Command(name = "remove", mixinStandardHelpOptions = true, description = "Remove a co-maintainer of NAME.")
    static final class Remove implements Callable<Integer> {
        @Mixin
        CliContext ctx;
        @Mixin
        SigningOptions signing;
        @Spec
        CommandSpec spec;
        @Parameters(index = "0", paramLabel = "NAME")
        String name;
        @Parameters(index = "1", paramLabel = "ADDRESS")
        String address;

        @Override
        public Integer call() throws InterruptedException {
            PackageNames.check(name);
            String a = ChainCommands.address(address, "maintainer");
            return AdminCommand.write(ctx, signing, spec, w -> "removed maintainer " + a + " from " + name + " "
                    + AdminCommand.where(w.removeMaintainer(name, a)));
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List the maintainers of NAME.")
    static final class ListM implements Callable<Integer> {
        @Mixin
        CliContext ctx;
        @Spec
        CommandSpec spec;
        @Parameters(paramLabel = "NAME")
        String name;

        @Override
        public Integer call() {
            PackageNames.check(name);
            DpmConfig c = ChainCommands.chainConfig(ctx);
            try (VerifiedChainReader reader = ChainCommands.reader(ctx.home(), c)) {
                var ms = new RegistryClient(c.registry()).maintainers(reader.pin(), name);
                if (ms.isEmpty()) {
                    spec.commandLine().getErr().println("dpm: package " + name + " does not exist");
                    return ExitCodes.INVALID_INPUT;
                }
                ms.forEach(spec.commandLine().getOut()::println);
                return ExitCodes.OK;
            } catch (ChainException e) {
                throw ChainCommands.error(e);
            }
        }
    }
}
