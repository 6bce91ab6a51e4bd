package dev.dpm.core.manifest;

import dev.dpm.core.version.DebianVersion;
import dev.dpm.core.version.VersionFormatException;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

/**
 * A package source directory as a publisher writes it: {@code dpm.control} (one deb822 paragraph with
 * Package, Version, Architecture, Description, and optionally Maintainer, Depends, Pre-Depends,
 * Recommends, Conflicts, Breaks, Provides, Replaces, Conffiles) and {@code files/}, the tree to install.
 *
 * @param dir the source directory
 * @param filesDir {@code dir/files}; may not exist for a metadata-only package
 * @param metadata the manifest without payload or files: the publisher imports {@code filesDir} and
 *     calls {@link Manifest#withPayload}
 * @param conffiles the {@code Conffiles} field: paths under {@code files/} (without the leading
 *     {@code /}) that are configuration files; the publisher sets them with the files, since the
 *     manifest checks each names one of its regular files
 */
public record SourcePackage(Path dir, Path filesDir, Manifest metadata, List<String> conffiles) {
    /** The control file's name inside a source directory. */
    public static final String CONTROL = "dpm.control";

    private static final Set<String> KNOWN = Set.of("package", "version", "architecture", "description",
            "maintainer", "depends", "pre-depends", "recommends", "conflicts", "breaks", "provides", "replaces", "conffiles");

    public SourcePackage {
        conffiles = List.copyOf(conffiles);
    }

    /**
     * Reads and validates a source directory.
     *
     * @throws ManifestException naming the file and line, or the manifest field, at fault
     * @throws IOException when the control file cannot be read
     */
    public static SourcePackage read(Path dir) throws ManifestException, IOException {
        if (!Files.isDirectory(dir)) {
            throw new ManifestException(null, dir + (Files.exists(dir) ? ": not a directory" : ": no such directory")
                    + " (a package source is a directory with a " + CONTROL + ")");
        }
        Path control = dir.resolve(CONTROL);
        if (!Files.isRegularFile(control)) {
            throw new ManifestException(null, control + (Files.isDirectory(control) ? ": a directory, not a file"
                    : ": missing (a package source needs a " + CONTROL + ")"));
        }
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().decode(java.nio.ByteBuffer.wrap(Files.readAllBytes(control)))
                    .toString();
        } catch (CharacterCodingException e) {
            throw new ManifestException(null, control + ": not UTF-8");
        }
        List<ControlFile.Paragraph> paragraphs = ControlFile.parse(control.toString(), text);
        if (paragraphs.size() != 1) {
            throw new ManifestException(null, control + ": expected exactly one paragraph, found " + paragraphs.size());
        }
        Manifest m = fromControl(paragraphs.get(0), true);
        List<String> conffiles = conffiles(paragraphs.get(0));
        Path files = dir.resolve("files");
        if (Files.exists(files) && !Files.isDirectory(files)) {
            throw new ManifestException(null, files + ": not a directory");
        }
        if (!conffiles.isEmpty() && !Files.isDirectory(files)) {
            throw new ManifestException("conffiles", control + ": Conffiles names " + conffiles.get(0)
                    + " but the package has no files/ directory");
        }
        for (String c : conffiles) {
            // checked here, before a publisher talks to the chain, and named as the publisher wrote it
            Path onDisk = files.resolve(c);
            if (Files.isRegularFile(onDisk, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                continue;
            }
            String found = Files.isSymbolicLink(onDisk) ? "is a symlink"
                    : Files.isDirectory(onDisk) ? "is a directory"
                    : Files.exists(onDisk) ? "is not a regular file" : "does not exist";
            throw new ManifestException(null, control + ": manifest field 'conffiles': Conffiles names /" + c
                    + ", but " + onDisk + " " + found + " (a configuration file must be a regular file under files/)");
        }
        return new SourcePackage(dir, files, m, conffiles);
    }

    /** The Conffiles field: absolute paths ({@code /etc/hello.conf}) separated by white space or lines. */
    private static List<String> conffiles(ControlFile.Paragraph p) throws ManifestException {
        String value = p.get("Conffiles");
        List<String> out = new java.util.ArrayList<>();
        if (value == null) {
            return out;
        }
        for (String word : value.trim().split("\\s+")) {
            if (word.isEmpty()) {
                continue;
            }
            if (!word.startsWith("/") || word.length() == 1 || word.endsWith("/")) {
                throw new ManifestException("conffiles", p.where("Conffiles") + ": '" + word
                        + "' is not an absolute file path (write /etc/NAME.conf for files/etc/NAME.conf)");
            }
            out.add(word.substring(1));
        }
        return out;
    }

    /**
     * Maps a control paragraph to a manifest without payload. With {@code strict}, unknown fields are
     * refused (a typo in a publisher's file should not be silently dropped).
     */
    static Manifest fromControl(ControlFile.Paragraph p, boolean strict) throws ManifestException {
        if (strict) {
            for (String f : p.fieldNames()) {
                if (!KNOWN.contains(f.toLowerCase(java.util.Locale.ROOT))) {
                    throw new ManifestException(null, p.where(f) + ": unknown field '" + f + "'");
                }
            }
        }
        Manifest.Builder b = Manifest.builder();
        b.name(p.require("Package"));
        try {
            b.version(DebianVersion.parse(p.require("Version")));
        } catch (VersionFormatException e) {
            throw new ManifestException("version", p.where("Version") + ": " + e.getMessage(), e);
        }
        b.architecture(p.require("Architecture"));
        b.description(p.require("Description"));
        b.maintainer(p.get("Maintainer"));
        b.depends(at(p, "Depends", "depends"));
        b.preDepends(at(p, "Pre-Depends", "preDepends"));
        b.recommends(at(p, "Recommends", "recommends"));
        b.conflicts(relsAt(p, "Conflicts", "conflicts"));
        b.breaks(relsAt(p, "Breaks", "breaks"));
        b.replaces(relsAt(p, "Replaces", "replaces"));
        try {
            b.provides(Provide.parseList("provides", p.get("Provides")));
        } catch (ManifestException e) {
            throw new ManifestException("provides", p.where("Provides") + ": " + stripPrefix(e), e);
        }
        return b.build();
    }

    private static List<Dependency> at(ControlFile.Paragraph p, String control, String field) throws ManifestException {
        try {
            return Dependency.parseList(field, p.get(control));
        } catch (ManifestException e) {
            throw new ManifestException(field, p.where(control) + ": " + stripPrefix(e), e);
        }
    }

    private static List<Relation> relsAt(ControlFile.Paragraph p, String control, String field) throws ManifestException {
        try {
            return Dependency.parseRelations(field, p.get(control));
        } catch (ManifestException e) {
            throw new ManifestException(field, p.where(control) + ": " + stripPrefix(e), e);
        }
    }

    private static String stripPrefix(ManifestException e) {
        String m = e.getMessage();
        String prefix = "manifest field '" + e.field() + "': ";
        return m.startsWith(prefix) ? m.substring(prefix.length()) : m;
    }
}
