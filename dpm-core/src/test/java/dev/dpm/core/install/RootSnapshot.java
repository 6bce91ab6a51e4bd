package dev.dpm.core.install;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Everything under a root except dpm's state directory, as path → "type mode content-hash|target",
 * read with plain NIO (independent of the installer's own helpers).
 */
final class RootSnapshot {
    private RootSnapshot() {
    }

    static Map<String, String> of(Path root) {
        Map<String, String> out = new TreeMap<>();
        Path state = root.resolve("var/lib/dpm");
        try (Stream<Path> s = Files.walk(root)) {
            for (Path p : (Iterable<Path>) s::iterator) {
                if (p.equals(root) || p.startsWith(state)) {
                    continue;
                }
                String rel = root.relativize(p).toString();
                if (Files.isSymbolicLink(p)) {
                    out.put(rel, "symlink -> " + Files.readSymbolicLink(p));
                } else {
                    String perms = PosixFilePermissions.toString(Files.getPosixFilePermissions(p, LinkOption.NOFOLLOW_LINKS));
                    if (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
                        out.put(rel, "dir " + perms);
                    } else {
                        out.put(rel, "file " + perms + " " + TestPackage.sha256(Files.readAllBytes(p)));
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        // var, var/lib exist once a database was created; they are not part of what we compare.
        out.remove("var");
        out.remove("var/lib");
        return out;
    }
}
