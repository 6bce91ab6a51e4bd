package dev.dpm.core.debian;

import dev.dpm.core.manifest.ControlFile;
import dev.dpm.core.manifest.Dependency;
import dev.dpm.core.manifest.Manifest;
import dev.dpm.core.manifest.ManifestException;
import dev.dpm.core.manifest.Provide;
import dev.dpm.core.resolve.Candidate;
import dev.dpm.core.version.DebianVersion;
import dev.dpm.core.version.VersionFormatException;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;
import org.apache.commons.compress.compressors.lz4.FramedLZ4CompressorInputStream;
import org.tukaani.xz.XZInputStream;

/**
 * Reads a Debian binary {@code Packages} index (deb822 stanzas: Package, Version, Architecture,
 * Depends, Pre-Depends, Recommends, Conflicts, Breaks, Provides, Replaces, Size, Installed-Size,
 * Filename, SHA256, Description, Multi-Arch, ...), plain or compressed as apt stores it ({@code .lz4},
 * {@code .xz}, {@code .gz}), into metadata-only {@link Manifest}s (payload null) or resolver
 * {@link Candidate}s. Filename, SHA256, Size, Multi-Arch, Essential, Priority, Section and Source go to
 * {@link Manifest#originInfo()}. Stateless and thread-safe.
 */
public final class PackagesIndex {
    private static final String[] ORIGIN_FIELDS = {"Filename", "SHA256", "Size", "Multi-Arch", "Essential",
        "Priority", "Section", "Source", "MD5sum"};

    private PackagesIndex() {
    }

    /** Receives one manifest per stanza. */
    @FunctionalInterface
    public interface ManifestHandler {
        void accept(Manifest m) throws DebianIndexException;
    }

    /**
     * Streams the manifests of an index file.
     *
     * @param origin stored as {@link Manifest#origin()}, e.g. {@code debian:bookworm}
     * @throws DebianIndexException naming {@code file:line} of the first bad stanza, or the unreadable file
     */
    public static void read(Path file, String origin, ManifestHandler handler) throws DebianIndexException {
        try (Reader r = new InputStreamReader(open(file), StandardCharsets.UTF_8)) {
            ControlFile.read(file.toString(), r, p -> {
                Manifest m = toManifest(p, origin);
                try {
                    handler.accept(m);
                } catch (DebianIndexException e) {
                    throw new ManifestException(null, e.getMessage(), e);
                }
            });
        } catch (ManifestException e) {
            if (e.getCause() instanceof DebianIndexException d) {
                throw d;
            }
            throw new DebianIndexException(e.getMessage(), e);
        } catch (IOException e) {
            throw new DebianIndexException(file + ": cannot read: " + e.getMessage(), e);
        }
    }

    /** All stanzas of the files as resolver candidates (none yanked). */
    public static List<Candidate> candidates(List<Path> files) throws DebianIndexException {
        List<Candidate> out = new ArrayList<>(70_000);
        for (Path f : files) {
            read(f, "debian", m -> out.add(Candidate.of(m, false)));
        }
        return out;
    }

    /** One stanza as a metadata-only manifest; errors name the stanza's file and line. */
    public static Manifest toManifest(ControlFile.Paragraph p, String origin) throws ManifestException {
        String where = p.where("Package");
        try {
            Manifest.Builder b = Manifest.builder();
            b.name(p.require("Package"));
            try {
                b.version(DebianVersion.parse(p.require("Version")));
            } catch (VersionFormatException e) {
                throw new ManifestException("version", e.getMessage(), e);
            }
            b.architecture(p.require("Architecture"));
            String description = p.get("Description");
            b.description(description == null || description.isBlank() ? "(no description)" : description);
            b.maintainer(p.get("Maintainer"));
            b.depends(Dependency.parseList("depends", p.get("Depends")));
            b.preDepends(Dependency.parseList("preDepends", p.get("Pre-Depends")));
            b.recommends(Dependency.parseList("recommends", p.get("Recommends")));
            b.conflicts(Dependency.parseRelations("conflicts", p.get("Conflicts")));
            b.breaks(Dependency.parseRelations("breaks", p.get("Breaks")));
            b.replaces(Dependency.parseRelations("replaces", p.get("Replaces")));
            b.provides(Provide.parseList("provides", p.get("Provides")));
            String installed = p.get("Installed-Size");
            if (installed != null && !installed.isBlank()) {
                try {
                    // Debian counts KiB; the manifest counts bytes.
                    b.installedSize(Long.parseLong(installed.strip()) * 1024);
                } catch (NumberFormatException e) {
                    throw new ManifestException("installedSize", "not a number: '" + installed + "'");
                }
            }
            if (origin != null) {
                b.origin(origin);
            }
            for (String f : ORIGIN_FIELDS) {
                String v = p.get(f);
                if (v != null) {
                    b.originInfo(f, v);
                }
            }
            return b.build();
        } catch (ManifestException e) {
            throw new ManifestException(e.field(), where + ": package '" + p.get("Package") + "': " + e.getMessage(), e);
        }
    }

    /**
     * Opens an index file, decompressing by file name as apt names its lists. For {@code .lz4} the
     * {@code lz4} program is used when it is on the PATH (hundreds of times faster than the pure-Java
     * decoder, which remains the fallback).
     */
    public static InputStream open(Path file) throws IOException {
        String name = file.getFileName().toString();
        if (name.endsWith(".lz4")) {
            InputStream external = ExternalLz4.tryOpen(file);
            if (external != null) {
                return external;
            }
        }
        InputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 16);
        try {
            if (name.endsWith(".lz4")) {
                return new BufferedInputStream(new FramedLZ4CompressorInputStream(in, true), 1 << 16);
            }
            if (name.endsWith(".xz")) {
                return new BufferedInputStream(new XZInputStream(in), 1 << 16);
            }
            if (name.endsWith(".gz")) {
                return new BufferedInputStream(new GZIPInputStream(in, 1 << 16), 1 << 16);
            }
        } catch (IOException e) {
            in.close();
            throw e;
        }
        return in;
    }

    /**
     * The binary-ARCH Packages lists apt keeps in {@code listsDir} for suites starting with
     * {@code suitePrefix} (e.g. {@code bookworm} matches bookworm, bookworm-updates, bookworm-security),
     * sorted by name; empty when there are none.
     */
    public static List<Path> aptLists(Path listsDir, String suitePrefix, String arch) throws IOException {
        List<Path> out = new ArrayList<>();
        if (!Files.isDirectory(listsDir)) {
            return out;
        }
        try (var s = Files.list(listsDir)) {
            s.filter(f -> {
                String n = f.getFileName().toString();
                return n.contains("_dists_" + suitePrefix) && n.contains("_binary-" + arch + "_Packages");
            }).sorted().forEach(out::add);
        }
        return out;
    }
}
