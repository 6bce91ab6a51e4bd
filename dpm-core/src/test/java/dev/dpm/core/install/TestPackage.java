package dev.dpm.core.install;

import dev.dpm.core.manifest.Dependency;
import dev.dpm.core.manifest.FileEntry;
import dev.dpm.core.manifest.Manifest;
import dev.dpm.core.manifest.ManifestException;
import dev.dpm.core.manifest.Provide;
import dev.dpm.core.version.DebianVersion;
import java.io.FileNotFoundException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A package for tests: a manifest and in-memory content. The manifest's hashes are computed here
 * with the JDK's SHA-256 (the reference), and content can be made to lie about a file.
 */
record TestPackage(Manifest manifest, PackageContent content) {
    static Builder of(String name, String version) {
        return new Builder(name, version);
    }

    String name() {
        return manifest.name();
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }

    static final class Builder {
        private final String name;
        private final String version;
        private final List<FileEntry> files = new ArrayList<>();
        private final Map<String, byte[]> bytes = new LinkedHashMap<>();
        private final List<Dependency> depends = new ArrayList<>();
        private final List<Provide> provides = new ArrayList<>();
        private final List<String> conffiles = new ArrayList<>();

        Builder(String name, String version) {
            this.name = name;
            this.version = version;
        }

        Builder file(String path, int mode, String text) {
            return file(path, mode, text.getBytes(StandardCharsets.UTF_8));
        }

        Builder file(String path, int mode, byte[] content) {
            files.add(FileEntry.file(path, mode, content.length, sha256(content)));
            bytes.put(path, content);
            return this;
        }

        /** A file whose content served differs from what the manifest says. */
        Builder lyingFile(String path, String manifestText, String servedText) {
            byte[] m = manifestText.getBytes(StandardCharsets.UTF_8);
            files.add(FileEntry.file(path, 0644, m.length, sha256(m)));
            bytes.put(path, servedText.getBytes(StandardCharsets.UTF_8));
            return this;
        }

        /** A file whose manifest size is absurdly large (for the free-space check). */
        Builder hugeFile(String path, long size) {
            files.add(FileEntry.file(path, 0644, size, "0".repeat(64)));
            return this;
        }

        Builder dir(String path, int mode) {
            files.add(FileEntry.dir(path, mode));
            return this;
        }

        Builder symlink(String path, String target) {
            files.add(FileEntry.symlink(path, target));
            return this;
        }

        /** A regular file that is a configuration file (the manifest's conffiles). */
        Builder conffile(String path, int mode, String text) {
            conffiles.add(path);
            return file(path, mode, text);
        }

        Builder depends(String relation) {
            try {
                depends.add(Dependency.parse(relation));
            } catch (ManifestException e) {
                throw new AssertionError(e);
            }
            return this;
        }

        Builder provides(String name) {
            provides.add(new Provide(name, null));
            return this;
        }

        TestPackage build() {
            try {
                Manifest m = Manifest.builder().name(name).version(DebianVersion.of(version)).architecture("all")
                        .description("test package " + name).depends(depends).provides(provides).files(files)
                        .conffiles(conffiles).build();
                Map<String, byte[]> content = Map.copyOf(bytes);
                return new TestPackage(m, (entry, out) -> {
                    byte[] b = content.get(entry.path());
                    if (b == null) {
                        throw new FileNotFoundException(entry.path());
                    }
                    out.write(b);
                });
            } catch (ManifestException e) {
                throw new AssertionError(e);
            }
        }
    }

}
