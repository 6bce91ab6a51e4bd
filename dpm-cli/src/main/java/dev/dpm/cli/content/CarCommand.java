package dev.dpm.cli.content;

import dev.dpm.cli.CliContext;
import dev.dpm.cli.CliError;
import dev.dpm.cli.ExitCodes;
import dev.dpm.content.Cid;
import dev.dpm.content.ContentException;
import dev.dpm.content.car.Car;
import dev.dpm.content.repo.Repo;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code dpm car export|import}: whole DAGs to and from CARv1 files. */
@Command(name = "car", mixinStandardHelpOptions = true, description = "Export or import CARv1 files.",
        subcommands = {CarCommand.Export.class, CarCommand.Import.class})
public final class CarCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw dev.dpm.cli.CliError.missingSubcommand(spec);
    }

    /** {@code dpm car export CID -o FILE}. */
    @Command(name = "export", mixinStandardHelpOptions = true, description = "Write the DAG under CID to a CAR file.")
    static final class Export implements java.util.concurrent.Callable<Integer> {
        @Mixin
        CliContext ctx;

        @Spec
        CommandSpec spec;

        @Parameters(paramLabel = "CID")
        String cid;

        @Option(names = {"-o", "--output"}, required = true, paramLabel = "FILE", description = "the CAR file to "
                + "write (must not exist)")
        Path output;

        @Override
        public Integer call() {
            Cid root = ContentCommands.parseCid(cid);
            ContentCommands.requireNewFile(output);
            Path tmp = null;
            try {
                Repo repo = Repo.open(ctx.repoDir());
                // a fresh temporary name: never a file of the user's that happens to be called FILE.part
                tmp = Files.createTempFile(output.toAbsolutePath().getParent(), "." + output.getFileName(), ".part");
                long n;
                try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(tmp), 1 << 20)) {
                    n = Car.export(repo.blockstore(), root, out);
                }
                Files.move(tmp, output, StandardCopyOption.ATOMIC_MOVE);
                spec.commandLine().getOut().println("exported " + root + ": " + n + " blocks to " + output);
                return ExitCodes.OK;
            } catch (ContentException e) {
                throw ContentCommands.error(e);
            } catch (IOException e) {
                throw ContentCommands.error(e);
            } finally {
                try {
                    if (tmp != null) {
                        Files.deleteIfExists(tmp);
                    }
                } catch (IOException ignored) {
                    // best effort: a stale .part file is harmless
                }
            }
        }
    }

    /** {@code dpm car import FILE}: stores every (verified) block and pins the roots. */
    @Command(name = "import", mixinStandardHelpOptions = true,
            description = "Import every block of a CAR file (each verified) and pin its roots.")
    static final class Import implements java.util.concurrent.Callable<Integer> {
        @Mixin
        CliContext ctx;

        @Spec
        CommandSpec spec;

        @Parameters(paramLabel = "FILE")
        Path file;

        @Option(names = "--no-pin", description = "do not pin the CAR's roots")
        boolean noPin;

        @Override
        public Integer call() {
            if (Files.isDirectory(file)) {
                throw new CliError(ExitCodes.INVALID_INPUT, file + " is a directory, not a CAR file");
            }
            try (InputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 20)) {
                Repo repo = Repo.open(ctx.repoDir());
                Car.ImportSummary s = Car.importCar(in, file.toString(), repo.blockstore());
                for (Cid root : s.roots()) {
                    if (!noPin) {
                        repo.pin(root);
                    }
                    spec.commandLine().getOut().println(root);
                }
                return ExitCodes.OK;
            } catch (ContentException e) {
                throw ContentCommands.error(e);
            } catch (IOException e) {
                throw ContentCommands.error(e);
            }
        }
    }
}
