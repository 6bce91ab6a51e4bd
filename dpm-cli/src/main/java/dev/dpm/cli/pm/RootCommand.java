package dev.dpm.cli.pm;

import dev.dpm.cli.CliContext;
import java.util.concurrent.Callable;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * What every command on an install root has: the home and configuration ({@code --home}), the root
 * ({@code --root}), and its picocli spec (for its output streams). picocli reads these annotated
 * fields from the superclass as from the command itself.
 */
abstract class RootCommand implements Callable<Integer> {
    @Mixin
    CliContext ctx;
    @Mixin
    RootOption root;
    @Spec
    CommandSpec spec;
}
