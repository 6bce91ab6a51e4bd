package dev.dpm.chain.rpc;

import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Another process of the same dpm home, as far as a store's lock goes: takes the OS lock on
 * {@code args[0]}, writes {@code args[1]}, holds the lock {@code args[3]} ms, writes {@code args[2]},
 * then releases it and exits.
 */
public final class LockHolderChild {
    private LockHolderChild() {
    }

    public static void main(String[] args) throws Exception {
        try (FileChannel ch = FileChannel.open(Path.of(args[0]), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                FileLock lock = ch.lock()) {
            Files.writeString(Path.of(args[1]), "locked");
            Thread.sleep(Long.parseLong(args[3]));
            Files.writeString(Path.of(args[2]), "releasing");
        }
    }
}
