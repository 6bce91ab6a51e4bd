package dev.dpm.cli.pm;

import dev.dpm.cli.CliContext;
import dev.dpm.cli.CliError;
import dev.dpm.cli.ExitCodes;
import dev.dpm.cli.config.DpmConfig;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code dpm config show|set}: reads and changes {@code $DPM_HOME/config.json} without an editor. */
@Command(name = "config", mixinStandardHelpOptions = true,
        description = "Show or change the client configuration ($DPM_HOME/config.json).",
        subcommands = {ConfigCommand.Show.class, ConfigCommand.Set.class})
public final class ConfigCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw dev.dpm.cli.CliError.missingSubcommand(spec);
    }

    @Command(name = "show", mixinStandardHelpOptions = true, description = "Print the configuration file.")
    static final class Show implements Callable<Integer> {
        @Mixin
        CliContext ctx;
        @Spec
        CommandSpec spec;

        @Override
        public Integer call() throws IOException {
            ctx.config();
            spec.commandLine().getOut().println(Files.readString(DpmConfig.file(ctx.home())).strip());
            return 0;
        }
    }

    @Command(name = "set", mixinStandardHelpOptions = true,
            description = "Set one field: chainId, registry, rpc URL..., freshnessSeconds, peers URL..., keystore, "
                    + "account, nodeRepo, nodeListen, seed true|false, registryFromBlock N, checkpoint NUMBER:0xHASH, "
                    + "cliqueValidators ADDRESS..., proveLogs true|false. List fields take every value given "
                    + "(none: empty; checkpoint without a value: none). Creates the file if needed.")
    static final class Set implements Callable<Integer> {
        @Mixin
        CliContext ctx;
        @Spec
        CommandSpec spec;

        @Parameters(index = "0", paramLabel = "FIELD")
        String field;

        @Parameters(index = "1..*", arity = "0..*", paramLabel = "VALUE")
        List<String> values = List.of();

        @Override
        public Integer call() {
            DpmConfig c = ctx.configOrNull();
            if (c == null) {
                c = new DpmConfig(0, null, null, 0, null, null, null, null, null, null);
            }
            DpmConfig n;
            try {
                n = changed(c);
            } catch (IllegalArgumentException e) {
                // the configuration refused the value; the file is left as it was
                throw new CliError(ExitCodes.USAGE, "cannot set " + field + ": " + e.getMessage());
            }
            try {
                n.save(ctx.home());
            } catch (IOException e) {
                throw new CliError(ExitCodes.CONFIG, "cannot write " + DpmConfig.file(ctx.home()) + ": "
                        + CliError.reason(e));
            }
            PrintWriter out = spec.commandLine().getOut();
            out.println("set " + field + " = " + String.join(" ", values) + " in " + DpmConfig.file(ctx.home()));
            return 0;
        }

        /** {@code c} with {@link #field} set to the values given. */
        private DpmConfig changed(DpmConfig c) {
            if (field.equals("nodeListen")) {
                dev.dpm.cli.storage.NodeCommand.listenAddress(one());
            }
            DpmConfig n = switch (field) {
                case "chainId" -> new DpmConfig(number(), c.registry(), c.rpc(), c.freshnessSeconds(), c.peers(),
                        c.keystore(), c.account(), c.nodeRepo(), c.nodeListen(), c.seed());
                case "registry" -> new DpmConfig(c.chainId(), one(), c.rpc(), c.freshnessSeconds(), c.peers(),
                        c.keystore(), c.account(), c.nodeRepo(), c.nodeListen(), c.seed());
                case "rpc" -> new DpmConfig(c.chainId(), c.registry(), List.copyOf(values), c.freshnessSeconds(), c.peers(),
                        c.keystore(), c.account(), c.nodeRepo(), c.nodeListen(), c.seed());
                case "freshnessSeconds" -> new DpmConfig(c.chainId(), c.registry(), c.rpc(), number(), c.peers(),
                        c.keystore(), c.account(), c.nodeRepo(), c.nodeListen(), c.seed());
                case "peers" -> new DpmConfig(c.chainId(), c.registry(), c.rpc(), c.freshnessSeconds(),
                        List.copyOf(values), c.keystore(), c.account(), c.nodeRepo(), c.nodeListen(), c.seed());
                case "keystore" -> new DpmConfig(c.chainId(), c.registry(), c.rpc(), c.freshnessSeconds(), c.peers(),
                        one(), c.account(), c.nodeRepo(), c.nodeListen(), c.seed());
                case "account" -> new DpmConfig(c.chainId(), c.registry(), c.rpc(), c.freshnessSeconds(), c.peers(),
                        c.keystore(), one(), c.nodeRepo(), c.nodeListen(), c.seed());
                case "nodeRepo" -> new DpmConfig(c.chainId(), c.registry(), c.rpc(), c.freshnessSeconds(), c.peers(),
                        c.keystore(), c.account(), one(), c.nodeListen(), c.seed());
                case "nodeListen" -> new DpmConfig(c.chainId(), c.registry(), c.rpc(), c.freshnessSeconds(), c.peers(),
                        c.keystore(), c.account(), c.nodeRepo(), one(), c.seed());
                case "seed" -> new DpmConfig(c.chainId(), c.registry(), c.rpc(), c.freshnessSeconds(), c.peers(),
                        c.keystore(), c.account(), c.nodeRepo(), c.nodeListen(), bool());
                case "registryFromBlock", "checkpoint", "cliqueValidators", "proveLogs" -> c;
                default -> throw new CliError(ExitCodes.USAGE, "unknown configuration field '" + field + "'");
            };
            // the trust fields (checkpoint, validators, proofs): the cases above rebuild the other ten only
            n = switch (field) {
                case "checkpoint" -> n.withTrust(checkpoint(), c.cliqueValidators(), c.proveLogs());
                case "cliqueValidators" -> n.withTrust(c.checkpoint(), List.copyOf(values), c.proveLogs());
                case "proveLogs" -> n.withTrust(c.checkpoint(), c.cliqueValidators(), bool());
                default -> n.withTrust(c.checkpoint(), c.cliqueValidators(), c.proveLogs());
            };
            // keep the registry's deploy block, unless the registry itself changed (then it is unknown)
            Long fromBlock = switch (field) {
                case "registryFromBlock" -> number();
                case "registry" -> null;
                default -> c.registryFromBlock();
            };
            return n.withRegistry(n.registry(), fromBlock);
        }

        private String one() {
            if (values.size() != 1) {
                throw new CliError(ExitCodes.USAGE, field + " takes exactly one value");
            }
            return values.get(0);
        }

        private long number() {
            try {
                return Long.parseLong(one());
            } catch (NumberFormatException e) {
                throw new CliError(ExitCodes.USAGE, field + " must be a number, not '" + values.get(0) + "'");
            }
        }

        /** The checkpoint given, checked: {@code NUMBER:0xHASH}; none given: null (no checkpoint). */
        private String checkpoint() {
            if (values.isEmpty()) {
                return null;
            }
            String v = one();
            try {
                dev.dpm.chain.rpc.Checkpoint.parse(v);
            } catch (IllegalArgumentException e) {
                throw new CliError(ExitCodes.USAGE, "cannot set checkpoint: '" + v + "' is not NUMBER:0xHASH "
                        + "(the number and 32-byte hash of a block you trust)");
            }
            return v;
        }

        private Boolean bool() {
            String v = one();
            if (!v.equals("true") && !v.equals("false")) {
                throw new CliError(ExitCodes.USAGE, field + " must be true or false");
            }
            return Boolean.valueOf(v);
        }
    }
}
