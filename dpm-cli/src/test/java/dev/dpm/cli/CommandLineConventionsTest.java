package dev.dpm.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;

/** What every dpm command owes its user, checked over the whole command tree. */
class CommandLineConventionsTest {
    @TempDir
    Path tmp;

    String out;
    String err;

    private int dpm(String... args) {
        CapturedRun r = CapturedRun.of(args);
        out = r.out();
        err = r.err();
        return r.code();
    }

    private static void collect(CommandLine cli, List<CommandLine> into) {
        into.add(cli);
        cli.getSubcommands().values().forEach(sub -> collect(sub, into));
    }

    @Test
    void everyCommandPrintsItsUsageForHelpAndExitsZero() {
        List<CommandLine> all = new ArrayList<>();
        collect(Main.commandLine(), all);
        assertThat(all).hasSizeGreaterThan(50);
        for (CommandLine c : all) {
            String path = c.getCommandSpec().qualifiedName();
            // checked before running it: a command without a help option would take --help for an argument
            assertThat(c.getCommandSpec().options()).as(path + " has no --help")
                    .anyMatch(o -> o.usageHelp() && List.of(o.names()).contains("--help"));
            List<String> args = new ArrayList<>(List.of(path.split(" ")));
            args.remove(0);
            for (String help : List.of("--help", "-h")) {
                args.add(help);
                assertThat(dpm(args.toArray(String[]::new))).as(path + " " + help).isEqualTo(ExitCodes.OK);
                assertThat(out).as(path + " " + help).startsWith("Usage: " + path);
                assertThat(err).as(path + " " + help).isEmpty();
                args.remove(args.size() - 1);
            }
        }
    }

    @Test
    void aGroupWithoutItsCommandIsAOneLineUsageErrorListingThem() {
        List<CommandLine> all = new ArrayList<>();
        collect(Main.commandLine(), all);
        List<CommandLine> groups = all.stream().filter(c -> c.getParent() != null && !c.getSubcommands().isEmpty())
                .toList();
        assertThat(groups).hasSizeGreaterThan(10);
        for (CommandLine g : groups) {
            String path = g.getCommandSpec().qualifiedName();
            List<String> args = new ArrayList<>(List.of(path.split(" ")));
            args.remove(0);
            // before: usage text on stderr (or stdout) and exit 0, as if something had been done
            assertThat(dpm(args.toArray(String[]::new))).as(path).isEqualTo(ExitCodes.USAGE);
            assertThat(err.strip()).as(path).startsWith("dpm: " + path + " needs a command: ")
                    .contains(g.getSubcommands().keySet().iterator().next()).doesNotContain("\n");
            assertThat(out).as(path).isEmpty();
        }
        assertThat(dpm()).isEqualTo(ExitCodes.OK); // dpm alone still introduces itself
    }

    @Test
    void dpmAloneIntroducesItselfWithItsCommands() {
        // before: a usage of a bare `dpm [-hV]` without its commands, written to System.out past the command's out
        assertThat(dpm()).isEqualTo(ExitCodes.OK);
        assertThat(out).startsWith("Usage: dpm [-hV] [COMMAND]").contains("Commands:").contains("  install ")
                .contains("  doctor ");
        assertThat(err).isEmpty();
    }

    @Test
    void everyDpmCommandAndOptionAUsageTextNamesExists() {
        // before: `dpm bench content --help` spoke of "dpm import --only-hash"; `dpm import` has no such option
        Pattern mention = Pattern.compile("\\bdpm((?: [a-z][a-z-]*){0,2}) (--[a-z][a-z-]*)");
        CommandLine root = Main.commandLine();
        List<CommandLine> all = new ArrayList<>();
        collect(root, all);
        int checked = 0;
        for (CommandLine c : all) {
            String usage = c.getUsageMessage(CommandLine.Help.Ansi.OFF).replaceAll("\\s+", " ");
            Matcher m = mention.matcher(usage);
            while (m.find()) {
                CommandLine target = root;
                for (String word : m.group(1).strip().split(" ")) {
                    if (!word.isEmpty()) {
                        assertThat(target.getSubcommands()).as(c.getCommandSpec().qualifiedName() + " usage names `"
                                + m.group() + "`").containsKey(word);
                        target = target.getSubcommands().get(word);
                    }
                }
                assertThat(target.getCommandSpec().findOption(m.group(2))).as(c.getCommandSpec().qualifiedName()
                        + " usage names `" + m.group() + "`").isNotNull();
                checked++;
            }
        }
        assertThat(checked).isPositive();
    }

    @Test
    void everyOptionWithADefaultSaysWhatItIs() {
        // before: `dpm devnet up --help` said "loopback port (0: any free one)", not that it is 8545 unless given
        List<CommandLine> all = new ArrayList<>();
        collect(Main.commandLine(), all);
        List<String> silent = new ArrayList<>();
        for (CommandLine c : all) {
            for (CommandLine.Model.OptionSpec o : c.getCommandSpec().options()) {
                String description = String.join(" ", o.description());
                if (o.defaultValue() != null && !o.usageHelp() && !o.versionHelp()
                        && !description.contains("default") && !description.contains(o.defaultValue())) {
                    silent.add(c.getCommandSpec().qualifiedName() + " " + o.longestName() + " (" + o.defaultValue() + ")");
                }
            }
        }
        assertThat(silent).isEmpty();
    }

    @Test
    void aCommandLineThatDoesNotParseIsOneLineNamingTheProblemAndTheHelp() {
        String home = tmp.resolve("home").toString();
        assertThat(dpm("get", "--home", home)).isEqualTo(ExitCodes.USAGE);
        assertThat(err).isEqualTo("dpm: Missing required parameter: 'CID' (see `dpm get --help`)" + System.lineSeparator());
        assertThat(dpm("frobnicate")).isEqualTo(ExitCodes.USAGE);
        assertThat(err.strip()).startsWith("dpm: Unmatched argument at index 0: 'frobnicate'").doesNotContain("\n")
                .endsWith("(see `dpm --help`)");
        assertThat(dpm("get", "bafkqaaa", "-o", home, "--connections", "abc")).isEqualTo(ExitCodes.USAGE);
        assertThat(err.strip()).contains("'abc' is not an int").doesNotContain("\n");
        assertThat(dpm("add", "a", "b", "--home", home)).isEqualTo(ExitCodes.USAGE);
        assertThat(err.strip()).contains("'b'").doesNotContain("\n");
        assertThat(out).isEmpty();
    }

    @Test
    void jettyLogsOnlyWarningsAndErrors() {
        // a system property would override the configuration file: make sure it is the file that answers
        String previous = System.clearProperty("org.slf4j.simpleLogger.log.org.eclipse.jetty");
        try {
            Logger jetty = LoggerFactory.getLogger("org.eclipse.jetty.server.Server.conventionsTest");
            assertThat(jetty.isInfoEnabled()).isFalse();
            assertThat(jetty.isWarnEnabled()).isTrue();
            assertThat(LoggerFactory.getLogger("dev.dpm.conventionsTest").isInfoEnabled()).isTrue();
        } finally {
            if (previous != null) {
                System.setProperty("org.slf4j.simpleLogger.log.org.eclipse.jetty", previous);
            }
        }
    }
}
