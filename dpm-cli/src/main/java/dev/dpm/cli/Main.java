package dev.dpm.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Entry point of the {@code dpm} command line. Subcommands are registered here. */
@Command(name = "dpm", mixinStandardHelpOptions = true, version = "dpm 0.1.0",
        description = "dpm: a decentralized package manager (registry on an EVM chain, content on IPFS).")
public final class Main implements Runnable {

    public static void main(String[] args) {
        System.exit(new CommandLine(new Main()).execute(args));
    }

    @Override
    public void run() {
        new CommandLine(this).usage(System.out);
    }
}
