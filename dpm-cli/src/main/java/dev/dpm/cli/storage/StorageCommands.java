package dev.dpm.cli.storage;

import picocli.CommandLine;

/** Registers the storage-networking commands: {@code dpm node}, {@code dpm get}, {@code dpm peers}. */
public final class StorageCommands {
    private StorageCommands() {
    }

    public static void register(CommandLine cli) {
        cli.addSubcommand(new NodeCommand());
        cli.addSubcommand(new GetCommand());
        cli.addSubcommand(new PeersCommand());
    }
}
