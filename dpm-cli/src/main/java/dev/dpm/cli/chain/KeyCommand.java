package dev.dpm.cli.chain;

import dev.dpm.chain.ChainException;
import dev.dpm.chain.keys.Keystore;
import dev.dpm.cli.CliContext;
import dev.dpm.cli.CliError;
import dev.dpm.cli.ExitCodes;
import dev.dpm.cli.config.DpmConfig;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code dpm key new|import|list}: Ethereum v3 keystore files in the keystore directory. */
@Command(name = "key", mixinStandardHelpOptions = true, description = "Manage signing keys (Ethereum v3 keystores).",
        subcommands = {KeyCommand.New.class, KeyCommand.Import.class, KeyCommand.ListKeys.class})
public final class KeyCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw dev.dpm.cli.CliError.missingSubcommand(spec);
    }

    @Command(name = "new", mixinStandardHelpOptions = true, description = "Create a new random key.")
    static final class New implements Callable<Integer> {
        @Mixin
        CliContext ctx;
        @Mixin
        PasswordOptions passwords;
        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            try {
                Keystore.Account a = new Keystore(ctx.keystoreDir()).create(passwords.password(true, "new password"),
                        Keystore.Strength.STANDARD);
                spec.commandLine().getOut().println(a.address() + "  " + a.file());
                return ExitCodes.OK;
            } catch (ChainException e) {
                throw ChainCommands.error(e);
            }
        }
    }

    @Command(name = "import", mixinStandardHelpOptions = true,
            description = "Import a private key (64 hex digits) read from FILE or from standard input.")
    static final class Import implements Callable<Integer> {
        @Mixin
        CliContext ctx;
        @Mixin
        PasswordOptions passwords;
        @Spec
        CommandSpec spec;

        @Parameters(paramLabel = "FILE", defaultValue = "-", description = "file holding the key; - for standard input")
        String file;

        @Override
        public Integer call() {
            String key;
            try {
                if (file.equals("-")) {
                    InputStream in = System.in;
                    key = new String(in.readNBytes(4096), StandardCharsets.UTF_8).trim();
                } else {
                    key = Files.readString(Path.of(file), StandardCharsets.UTF_8).trim();
                }
            } catch (IOException e) {
                throw new CliError(ExitCodes.INVALID_INPUT, "cannot read the key from " + file + ": " + CliError.reason(e));
            }
            try {
                Keystore.Account a = new Keystore(ctx.keystoreDir()).importKey(key, passwords.password(true,
                        "password for the imported key"), Keystore.Strength.STANDARD);
                spec.commandLine().getOut().println(a.address() + "  " + a.file());
                return ExitCodes.OK;
            } catch (ChainException e) {
                throw ChainCommands.error(e);
            }
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List the accounts in the keystore.")
    static final class ListKeys implements Callable<Integer> {
        @Mixin
        CliContext ctx;
        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            DpmConfig c = ctx.configOrNull();
            String def = c == null ? null : c.account();
            try {
                for (Keystore.Account a : new Keystore(ctx.keystoreDir()).list()) {
                    spec.commandLine().getOut().println((a.address().equalsIgnoreCase(String.valueOf(def)) ? "* " : "  ")
                            + a.address() + "  " + a.file());
                }
                return ExitCodes.OK;
            } catch (ChainException e) {
                throw ChainCommands.error(e);
            }
        }
    }
}
