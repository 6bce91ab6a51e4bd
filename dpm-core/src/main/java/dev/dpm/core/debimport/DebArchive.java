package dev.dpm.core.debimport;

import com.github.luben.zstd.ZstdInputStream;
import dev.dpm.core.manifest.ControlFile;
import dev.dpm.core.manifest.FileEntry;
import dev.dpm.core.manifest.ManifestException;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.zip.GZIPInputStream;
import org.apache.commons.compress.archivers.ar.ArArchiveEntry;
import org.apache.commons.compress.archivers.ar.ArArchiveInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.bzip2.BZip2CompressorInputStream;
import org.tukaani.xz.LZMAInputStream;
import org.tukaani.xz.XZInputStream;

/**
 * A Debian binary package ({@code .deb}, format 2.0): an ar archive of {@code debian-binary},
 * {@code control.tar[.gz|.xz|.zst]} and {@code data.tar[.gz|.xz|.zst|.bz2|.lzma]}.
 *
 * <p>{@link #open(Path)} reads the control part into memory: the control fields (one deb822 paragraph)
 * and every other control member (maintainer scripts {@code preinst}, {@code postinst}, {@code prerm},
 * {@code postrm}, {@code config}, and files such as {@code conffiles}, {@code triggers},
 * {@code md5sums}, {@code shlibs}, {@code templates}). {@link #extractData(Path)} streams data.tar
 * into a directory, refusing what dpm must never write (absolute paths, {@code ..}, paths below a
 * symlink, device nodes, FIFOs), turning hard links into regular files, and checking every file
 * against the package's {@code md5sums}. Nothing here runs a script.
 *
 * <p>Every failure is a {@link DebArchiveException} naming the file and the member (and the tar entry)
 * at fault. Instances are immutable and thread-safe; each extraction re-reads the file.
 */
public final class DebArchive {
    /** The control members that are maintainer scripts (programs dpkg would run). */
    public static final Set<String> MAINTAINER_SCRIPTS = Set.of("preinst", "postinst", "prerm", "postrm", "config");

    private static final byte[] AR_MAGIC = "!<arch>\n".getBytes(StandardCharsets.US_ASCII);
    /** Bound on the uncompressed control part: real ones are a few KiB, this stops a bomb. */
    private static final long MAX_CONTROL_BYTES = 64L << 20;

    private final Path file;
    private final String controlMember;
    private final String dataMember;
    private final ControlFile.Paragraph control;
    private final SortedMap<String, byte[]> controlFiles;

    private DebArchive(Path file, String controlMember, String dataMember, ControlFile.Paragraph control,
            SortedMap<String, byte[]> controlFiles) {
        this.file = file;
        this.controlMember = controlMember;
        this.dataMember = dataMember;
        this.control = control;
        this.controlFiles = controlFiles;
    }

    /**
     * Reads the archive's members and its control part.
     *
     * @throws DebFormatException when the file is not a format 2.0 Debian package, a member is missing
     *     or corrupt, or the control file is not one deb822 paragraph
     * @throws DebArchiveException when the file cannot be read
     */
    public static DebArchive open(Path file) throws DebArchiveException {
        String controlMember = null;
        String dataMember = null;
        ControlFile.Paragraph control = null;
        SortedMap<String, byte[]> controlFiles = new TreeMap<>();
        try (InputStream raw = new BufferedInputStream(Files.newInputStream(file), 1 << 16)) {
            checkMagic(file, raw);
            ArArchiveInputStream ar = new ArArchiveInputStream(raw);
            ArArchiveEntry e;
            int index = 0;
            while ((e = nextAr(file, ar)) != null) {
                String name = memberName(e);
                if (index == 0) {
                    if (!name.equals("debian-binary")) {
                        throw new DebFormatException(file, name, "the first member must be debian-binary");
                    }
                    String v = new String(readBounded(file, name, ar, 64), StandardCharsets.US_ASCII).strip();
                    if (!v.startsWith("2.")) {
                        throw new DebFormatException(file, name, "unsupported package format '" + v
                                + "' (dpm reads 2.x)");
                    }
                } else if (name.startsWith("control.tar")) {
                    if (controlMember != null) {
                        throw new DebFormatException(file, name, "a second control member");
                    }
                    controlMember = name;
                    readControl(file, name, decompress(file, name, ar), controlFiles);
                } else if (name.startsWith("data.tar")) {
                    if (dataMember != null) {
                        throw new DebFormatException(file, name, "a second data member");
                    }
                    if (controlMember == null) {
                        throw new DebFormatException(file, name, "data member before the control member");
                    }
                    dataMember = name;
                    // Check the compression name now; the content is read by extractData.
                    compressionOf(file, name);
                } else if (!name.startsWith("_")) {
                    // dpkg ignores members starting with '_' (signatures); anything else is unknown.
                    throw new DebFormatException(file, name, "unknown member");
                }
                index++;
            }
        } catch (IOException ex) {
            throw new DebArchiveException(file, null, "cannot read: " + ex.getMessage(), ex);
        }
        if (controlMember == null) {
            throw new DebFormatException(file, null, "no control.tar member (not a Debian binary package)");
        }
        if (dataMember == null) {
            throw new DebFormatException(file, null, "no data.tar member (not a Debian binary package)");
        }
        byte[] controlBytes = controlFiles.remove("control");
        if (controlBytes == null) {
            throw new DebFormatException(file, controlMember, "no control file");
        }
        String source = file + ": " + controlMember + ": control";
        try {
            List<ControlFile.Paragraph> ps = ControlFile.parse(source,
                    new String(controlBytes, StandardCharsets.UTF_8));
            if (ps.size() != 1) {
                throw new DebFormatException(file, controlMember + ": control", "expected one paragraph, found "
                        + ps.size());
            }
            control = ps.get(0);
        } catch (ManifestException ex) {
            throw new DebFormatException(file, controlMember + ": control", ex.getMessage(), ex);
        }
        return new DebArchive(file, controlMember, dataMember, control,
                Collections.unmodifiableSortedMap(controlFiles));
    }

    /** The {@code .deb} this archive was read from. */
    public Path file() {
        return file;
    }

    /** The name of the control member, e.g. {@code control.tar.xz}. */
    public String controlMember() {
        return controlMember;
    }

    /** The name of the data member, e.g. {@code data.tar.xz}. */
    public String dataMember() {
        return dataMember;
    }

    /** The control fields (Package, Version, Architecture, Depends, ...). */
    public ControlFile.Paragraph control() {
        return control;
    }

    /** Every control member except {@code control} itself, by name ({@code postinst}, {@code md5sums}, ...). */
    public SortedMap<String, byte[]> controlFiles() {
        SortedMap<String, byte[]> copy = new TreeMap<>();
        controlFiles.forEach((k, v) -> copy.put(k, v.clone()));
        return copy;
    }

    /** The names of the control members that are maintainer scripts, sorted. */
    public List<String> maintainerScriptNames() {
        return controlFiles.keySet().stream().filter(MAINTAINER_SCRIPTS::contains).toList();
    }

    /**
     * Extracts data.tar into {@code target} (created if needed; must be empty or absent) and returns the
     * tree. On disk, modes are set with the permission bits only (no setuid/setgid/sticky); the returned
     * entries carry the archive's full modes.
     *
     * @throws UnsafeDebEntryException for an entry dpm refuses (names it)
     * @throws DebFormatException      for a corrupt stream, an unsupported entry type, a duplicate entry,
     *                                 or a file whose MD5 differs from md5sums
     * @throws DebArchiveException     when writing below {@code target} fails
     */
    public DebPayload extractData(Path target) throws DebArchiveException {
        try {
            Files.createDirectories(target);
            try (var s = Files.list(target)) {
                if (s.findAny().isPresent()) {
                    throw new DebArchiveException(file, null, "extraction directory " + target + " is not empty");
                }
            }
        } catch (IOException ex) {
            throw new DebArchiveException(file, null, "cannot create " + target + ": " + ex.getMessage(), ex);
        }
        try (InputStream raw = new BufferedInputStream(Files.newInputStream(file), 1 << 16)) {
            ArArchiveInputStream ar = new ArArchiveInputStream(raw);
            ArArchiveEntry e;
            while ((e = nextAr(file, ar)) != null) {
                if (memberName(e).equals(dataMember)) {
                    return new DataExtraction(target).run(decompress(file, dataMember, ar));
                }
            }
        } catch (IOException ex) {
            throw new DebArchiveException(file, null, "cannot read: " + ex.getMessage(), ex);
        }
        throw new DebFormatException(file, dataMember, "member vanished while reading");
    }

    // ---- the data tree ------------------------------------------------------------------------------

    /** One extraction; not reusable. */
    private final class DataExtraction {
        private final Path target;
        private final Map<String, FileEntry> entries = new HashMap<>();
        private final Set<String> symlinks = new HashSet<>();
        private final Map<String, String> md5 = new HashMap<>();
        private long fileBytes;
        private int hardLinks;

        DataExtraction(Path target) {
            this.target = target;
        }

        DebPayload run(InputStream data) throws DebArchiveException {
            try (TarArchiveInputStream tar = new TarArchiveInputStream(data, StandardCharsets.UTF_8.name())) {
                TarArchiveEntry t;
                while ((t = nextTar(tar)) != null) {
                    add(tar, t);
                }
            } catch (IOException ex) {
                throw new DebFormatException(file, dataMember, "corrupt: " + ex.getMessage(), ex);
            }
            checkMd5sums();
            applyDirectoryModes();
            List<FileEntry> sorted = new ArrayList<>(entries.values());
            sorted.sort(Comparator.comparing(FileEntry::path));
            return new DebPayload(sorted, fileBytes, hardLinks);
        }

        private TarArchiveEntry nextTar(TarArchiveInputStream tar) throws DebFormatException {
            try {
                return tar.getNextEntry();
            } catch (IOException | IllegalArgumentException ex) {
                throw new DebFormatException(file, dataMember, "corrupt: " + ex.getMessage(), ex);
            }
        }

        private void add(TarArchiveInputStream tar, TarArchiveEntry t) throws DebArchiveException, IOException {
            String rawName = t.getName();
            String member = dataMember + ": " + rawName;
            String path = normalise(rawName, member);
            int mode = t.getMode() & 07777;
            if (path.isEmpty()) {
                if (!t.isDirectory()) {
                    throw new DebFormatException(file, member, "the archive root is not a directory");
                }
                return;
            }
            checkParents(path, member);
            Path out = target.resolve(path);
            if (t.isCharacterDevice() || t.isBlockDevice()) {
                throw new UnsafeDebEntryException(file, member, "device node refused (dpm installs no device nodes)");
            }
            if (t.isFIFO()) {
                throw new UnsafeDebEntryException(file, member, "FIFO refused");
            }
            FileEntry previous = entries.get(path);
            if (previous != null) {
                if (t.isDirectory() && previous.type() == FileEntry.Type.DIR) {
                    entries.put(path, FileEntry.dir(path, mode));
                    return;
                }
                throw new DebFormatException(file, member, "duplicate entry");
            }
            if (t.isDirectory()) {
                Files.createDirectories(out);
                entries.put(path, FileEntry.dir(path, mode));
            } else if (t.isSymbolicLink()) {
                String linkTarget = t.getLinkName();
                if (linkTarget == null || linkTarget.isEmpty() || linkTarget.indexOf('\0') >= 0) {
                    throw new DebFormatException(file, member, "symlink without target");
                }
                Files.createDirectories(out.getParent());
                Files.createSymbolicLink(out, Path.of(linkTarget));
                symlinks.add(path);
                entries.put(path, FileEntry.symlink(path, linkTarget));
            } else if (t.isLink()) {
                String linked = normalise(t.getLinkName(), member + " (hard link target)");
                FileEntry source = entries.get(linked);
                if (source == null || source.type() != FileEntry.Type.FILE) {
                    throw new UnsafeDebEntryException(file, member, "hard link to '" + t.getLinkName()
                            + "', which is not a regular file earlier in the archive");
                }
                Files.createDirectories(out.getParent());
                Files.copy(target.resolve(linked), out, LinkOption.NOFOLLOW_LINKS);
                setPermissions(out, mode);
                entries.put(path, FileEntry.file(path, mode, source.size(), source.sha256()));
                md5.put(path, md5.get(linked));
                fileBytes += source.size();
                hardLinks++;
            } else if (t.isFile()) {
                Files.createDirectories(out.getParent());
                MessageDigest sha = digest("SHA-256");
                MessageDigest md = digest("MD5");
                long n;
                try (OutputStream os = new DigestOutputStream(new DigestOutputStream(Files.newOutputStream(out,
                        StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE), sha), md)) {
                    n = tar.transferTo(os);
                } catch (FileAlreadyExistsException ex) {
                    throw new DebFormatException(file, member, "duplicate entry");
                }
                if (n != t.getSize()) {
                    throw new DebFormatException(file, member, "truncated: " + n + " of " + t.getSize() + " bytes");
                }
                setPermissions(out, mode);
                entries.put(path, FileEntry.file(path, mode, n, HexFormat.of().formatHex(sha.digest())));
                md5.put(path, HexFormat.of().formatHex(md.digest()));
                fileBytes += n;
            } else {
                throw new DebFormatException(file, member, "unsupported tar entry type '"
                        + (char) t.getLinkFlag() + "'");
            }
        }

        /** {@code ./usr/bin/x} → {@code usr/bin/x}; the root is the empty string. */
        private String normalise(String name, String member) throws UnsafeDebEntryException {
            if (name == null) {
                throw new UnsafeDebEntryException(file, member, "entry without a name");
            }
            if (name.startsWith("/")) {
                throw new UnsafeDebEntryException(file, member, "absolute path refused");
            }
            if (name.indexOf('\0') >= 0) {
                throw new UnsafeDebEntryException(file, member, "NUL byte in path");
            }
            List<String> parts = new ArrayList<>();
            for (String part : name.split("/")) {
                if (part.equals("..")) {
                    throw new UnsafeDebEntryException(file, member, "'..' in path refused");
                }
                if (!part.isEmpty() && !part.equals(".")) {
                    parts.add(part);
                }
            }
            return String.join("/", parts);
        }

        /** Refuses an entry below a symlink or a regular file of the same archive (it would escape the root). */
        private void checkParents(String path, String member) throws UnsafeDebEntryException {
            int i = path.indexOf('/');
            while (i > 0) {
                String parent = path.substring(0, i);
                if (symlinks.contains(parent)) {
                    throw new UnsafeDebEntryException(file, member, "path below the symlink '" + parent
                            + "' refused");
                }
                FileEntry p = entries.get(parent);
                if (p != null && p.type() != FileEntry.Type.DIR) {
                    throw new UnsafeDebEntryException(file, member, "path below the non-directory '" + parent
                            + "' refused");
                }
                i = path.indexOf('/', i + 1);
            }
        }

        private void checkMd5sums() throws DebFormatException {
            byte[] sums = controlFiles.get("md5sums");
            if (sums == null) {
                return;
            }
            String where = controlMember + ": md5sums";
            int lineNo = 0;
            for (String line : new String(sums, StandardCharsets.UTF_8).split("\n")) {
                lineNo++;
                if (line.isBlank()) {
                    continue;
                }
                int sp = line.indexOf(' ');
                if (sp != 32) {
                    throw new DebFormatException(file, where, "line " + lineNo + " is not 'MD5  PATH'");
                }
                String expected = line.substring(0, 32).toLowerCase(java.util.Locale.ROOT);
                String p = line.substring(sp).strip();
                if (p.startsWith("./")) {
                    p = p.substring(2);
                } else if (p.startsWith("/")) {
                    p = p.substring(1);
                }
                String actual = md5.get(p);
                if (actual != null && !actual.equals(expected)) {
                    throw new DebFormatException(file, dataMember + ": ./" + p, "MD5 " + actual
                            + " differs from md5sums (" + expected + "): the package is corrupt");
                }
            }
        }

        /** Directory modes last, deepest first, so a read-only directory does not stop its own extraction. */
        private void applyDirectoryModes() throws DebArchiveException {
            List<FileEntry> dirs = entries.values().stream().filter(f -> f.type() == FileEntry.Type.DIR)
                    .sorted(Comparator.comparing(FileEntry::path).reversed()).toList();
            for (FileEntry d : dirs) {
                try {
                    setPermissions(target.resolve(d.path()), d.mode());
                } catch (IOException ex) {
                    throw new DebArchiveException(file, dataMember + ": ./" + d.path(), "cannot set mode: "
                            + ex.getMessage(), ex);
                }
            }
        }
    }

    // ---- helpers -------------------------------------------------------------------------------------

    private static void checkMagic(Path file, InputStream in) throws IOException, DebFormatException {
        in.mark(AR_MAGIC.length);
        byte[] head = in.readNBytes(AR_MAGIC.length);
        in.reset();
        if (!java.util.Arrays.equals(head, AR_MAGIC)) {
            throw new DebFormatException(file, null, "not an ar archive (not a .deb)");
        }
    }

    private static ArArchiveEntry nextAr(Path file, ArArchiveInputStream ar) throws DebFormatException {
        try {
            return ar.getNextEntry();
        } catch (IOException | IllegalArgumentException ex) {
            throw new DebFormatException(file, null, "corrupt ar archive: " + ex.getMessage(), ex);
        }
    }

    private static String memberName(ArArchiveEntry e) {
        String n = e.getName();
        return n.endsWith("/") ? n.substring(0, n.length() - 1) : n;
    }

    private static final Set<String> COMPRESSIONS = Set.of("", ".gz", ".xz", ".zst", ".bz2", ".lzma");

    /** The compression suffix of a {@code control.tar*} or {@code data.tar*} member. */
    private static String compressionOf(Path file, String member) throws DebFormatException {
        int i = member.indexOf(".tar");
        String ext = i < 0 ? member : member.substring(i + 4);
        if (i < 0 || !COMPRESSIONS.contains(ext)) {
            throw new DebFormatException(file, member, "unknown compression '" + ext + "'");
        }
        return ext;
    }

    private static InputStream decompress(Path file, String member, InputStream in) throws DebFormatException {
        String ext = compressionOf(file, member);
        InputStream shielded = new java.io.FilterInputStream(in) {
            @Override
            public void close() {
                // the ar stream stays open for the next member
            }
        };
        try {
            return switch (ext) {
                case ".gz" -> new GZIPInputStream(shielded, 1 << 16);
                case ".xz" -> new XZInputStream(shielded);
                case ".zst" -> new ZstdInputStream(shielded);
                case ".bz2" -> new BZip2CompressorInputStream(shielded);
                case ".lzma" -> new LZMAInputStream(shielded);
                default -> shielded;
            };
        } catch (IOException ex) {
            throw new DebFormatException(file, member, "corrupt: " + ex.getMessage(), ex);
        }
    }

    private static void readControl(Path file, String member, InputStream in, Map<String, byte[]> out)
            throws DebFormatException {
        long total = 0;
        try (TarArchiveInputStream tar = new TarArchiveInputStream(in, StandardCharsets.UTF_8.name())) {
            TarArchiveEntry t;
            while ((t = tar.getNextEntry()) != null) {
                String name = t.getName();
                if (name.startsWith("./")) {
                    name = name.substring(2);
                }
                if (name.isEmpty() || name.equals(".") || t.isDirectory()) {
                    continue;
                }
                if (!t.isFile() || name.contains("/")) {
                    throw new DebFormatException(file, member + ": " + t.getName(),
                            "unexpected entry in the control part");
                }
                byte[] bytes = readBounded(file, member + ": " + t.getName(), tar, MAX_CONTROL_BYTES - total);
                total += bytes.length;
                out.put(name, bytes);
            }
        } catch (IOException | IllegalArgumentException ex) {
            throw new DebFormatException(file, member, "corrupt: " + ex.getMessage(), ex);
        }
    }

    private static byte[] readBounded(Path file, String member, InputStream in, long max)
            throws IOException, DebFormatException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buf = new byte[8192];
        long n = 0;
        int r;
        while ((r = in.read(buf)) > 0) {
            n += r;
            if (n > max) {
                throw new DebFormatException(file, member, "larger than " + max + " bytes");
            }
            out.write(buf, 0, r);
        }
        return out.toByteArray();
    }

    private static void setPermissions(Path p, int mode) throws IOException {
        Set<PosixFilePermission> perms = EnumSet.noneOf(PosixFilePermission.class);
        PosixFilePermission[] order = {PosixFilePermission.OTHERS_EXECUTE, PosixFilePermission.OTHERS_WRITE,
            PosixFilePermission.OTHERS_READ, PosixFilePermission.GROUP_EXECUTE, PosixFilePermission.GROUP_WRITE,
            PosixFilePermission.GROUP_READ, PosixFilePermission.OWNER_EXECUTE, PosixFilePermission.OWNER_WRITE,
            PosixFilePermission.OWNER_READ};
        for (int i = 0; i < order.length; i++) {
            if ((mode & (1 << i)) != 0) {
                perms.add(order[i]);
            }
        }
        Files.setPosixFilePermissions(p, perms);
    }

    private static MessageDigest digest(String algorithm) {
        try {
            return MessageDigest.getInstance(algorithm);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(algorithm + " is required by every Java platform", e);
        }
    }
}
