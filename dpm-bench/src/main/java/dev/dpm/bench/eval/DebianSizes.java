package dev.dpm.bench.eval;

import dev.dpm.core.debian.PackagesIndex;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The package sizes of a Debian Packages index (the {@code Size:} field of each stanza, bytes of the .deb).
 *
 * @param source the index file read
 * @param names  package names, in index order
 * @param sizes  their .deb sizes, same order
 */
public record DebianSizes(Path source, List<String> names, long[] sizes) {

    /** Total bytes of all .debs in the index. */
    public long totalBytes() {
        long t = 0;
        for (long s : sizes) {
            t += s;
        }
        return t;
    }

    public int count() {
        return sizes.length;
    }

    /**
     * Reads {@code index} (plain, .lz4, .xz or .gz).
     *
     * @throws IOException naming the file if it is unreadable or has a stanza without a numeric Size
     */
    public static DebianSizes read(Path index) throws IOException {
        List<String> names = new ArrayList<>();
        List<Long> sizes = new ArrayList<>();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(PackagesIndex.open(index),
                StandardCharsets.UTF_8), 1 << 16)) {
            String name = null;
            long size = -1;
            int lineNo = 0;
            for (String line = r.readLine(); ; line = r.readLine()) {
                lineNo++;
                if (line == null || line.isEmpty()) {
                    if (name != null) {
                        if (size < 0) {
                            throw new IOException(index + ":" + lineNo + ": stanza of " + name + " has no Size field");
                        }
                        names.add(name);
                        sizes.add(size);
                    }
                    name = null;
                    size = -1;
                    if (line == null) {
                        break;
                    }
                } else if (line.startsWith("Package: ")) {
                    name = line.substring(9).trim();
                } else if (line.startsWith("Size: ")) {
                    try {
                        size = Long.parseLong(line.substring(6).trim());
                    } catch (NumberFormatException e) {
                        throw new IOException(index + ":" + lineNo + ": bad Size field: " + line, e);
                    }
                }
            }
        }
        long[] s = new long[sizes.size()];
        for (int i = 0; i < s.length; i++) {
            s[i] = sizes.get(i);
        }
        return new DebianSizes(index, List.copyOf(names), s);
    }
}
