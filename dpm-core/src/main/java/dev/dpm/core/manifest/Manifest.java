package dev.dpm.core.manifest;

import dev.dpm.content.Cid;
import dev.dpm.core.version.DebianVersion;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * The metadata of one release, {@code name@version}: what the registry binds (by its CID) and what the
 * resolver and the installer read. Immutable; lists are copied, {@link #files()} is sorted by path.
 *
 * <p>Canonical encoding: {@link #toCanonicalBytes()} gives deterministic JSON (UTF-8, keys sorted, no
 * insignificant whitespace, null/empty fields omitted; see docs/MANIFEST.md); the same manifest always
 * gives the same bytes, and {@link #cid()} is {@code Cid.raw(bytes)}. {@link #fromCanonicalBytes(byte[])}
 * accepts exactly those bytes and nothing else.
 *
 * <p>The record constructor only normalises; {@link #validate()} (called by the builder, by
 * {@code fromCanonicalBytes} and by {@code toCanonicalBytes}) checks every field and names the one at
 * fault.
 *
 * @param formatVersion encoding version, {@link #FORMAT_VERSION}
 * @param maintainer free text, may be null
 * @param recommends kept for information, never resolved
 * @param payload CID of the UnixFS directory holding {@link #files()}; null for a metadata-only release
 * @param payloadSize bytes of the payload files (0 when none)
 * @param installedSize bytes on disk once installed (Debian's Installed-Size times 1024)
 * @param conffiles paths (as in {@link #files()}) of regular files that are configuration: an upgrade
 *     keeps the administrator's changes to them and a removal saves a changed one (docs/INSTALL.md)
 * @param scripts maintainer scripts by name, kept, never run
 * @param origin where the release came from, free text (e.g. {@code debian:bookworm}), may be null
 * @param originInfo details of the origin (e.g. Debian's Filename, SHA256, Size), may be empty
 */
public record Manifest(
        int formatVersion,
        String name,
        DebianVersion version,
        String architecture,
        String description,
        String maintainer,
        List<Dependency> depends,
        List<Dependency> preDepends,
        List<Dependency> recommends,
        List<Relation> conflicts,
        List<Relation> breaks,
        List<Provide> provides,
        List<Relation> replaces,
        Cid payload,
        long payloadSize,
        long installedSize,
        List<FileEntry> files,
        List<String> conffiles,
        SortedMap<String, MaintainerScript> scripts,
        String origin,
        SortedMap<String, String> originInfo) {

    /** The only encoding version this code reads and writes. */
    public static final int FORMAT_VERSION = 1;

    private static final Pattern ARCH = Pattern.compile("[a-z0-9][a-z0-9-]{0,63}");
    private static final Pattern SCRIPT_NAME = Pattern.compile("[a-z][a-z0-9_.-]{0,63}");
    private static final Pattern INFO_KEY = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,63}");

    public Manifest {
        depends = copy(depends);
        preDepends = copy(preDepends);
        recommends = copy(recommends);
        conflicts = copy(conflicts);
        breaks = copy(breaks);
        provides = copy(provides);
        replaces = copy(replaces);
        List<FileEntry> sorted = new ArrayList<>(files == null ? List.of() : files);
        sorted.sort(Comparator.comparing(FileEntry::path));
        files = List.copyOf(sorted);
        conffiles = conffiles == null ? List.of() : List.copyOf(new java.util.TreeSet<>(conffiles));
        scripts = scripts == null ? new TreeMap<>() : new TreeMap<>(scripts);
        scripts = java.util.Collections.unmodifiableSortedMap(scripts);
        originInfo = originInfo == null ? new TreeMap<>() : new TreeMap<>(originInfo);
        originInfo = java.util.Collections.unmodifiableSortedMap(originInfo);
    }

    private static <T> List<T> copy(List<T> l) {
        return l == null ? List.of() : List.copyOf(l);
    }

    /** A builder with {@link #FORMAT_VERSION} and everything else empty. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder holding this manifest's fields. */
    public Builder toBuilder() {
        return new Builder(this);
    }

    /**
     * This manifest with a payload (set by the publisher after importing the source's {@code files/}).
     *
     * @throws ManifestException if the result is invalid (e.g. a bad file entry)
     */
    public Manifest withPayload(Cid payload, long payloadSize, List<FileEntry> files) throws ManifestException {
        return toBuilder().payload(payload).payloadSize(payloadSize).files(files).build();
    }

    /** {@code name@version}, the release's key in the registry. */
    public String id() {
        return name + "@" + version;
    }

    /**
     * Checks every field.
     *
     * @throws ManifestException naming the first field at fault
     */
    public void validate() throws ManifestException {
        if (formatVersion != FORMAT_VERSION) {
            throw new ManifestException("format", "unsupported format version " + formatVersion
                    + " (this dpm reads " + FORMAT_VERSION + ")");
        }
        if (name == null || !Relation.isValidName(name)) {
            throw new ManifestException("name", "bad package name '" + name
                    + "' (must match [a-z0-9][a-z0-9+.-]+, 2..128 characters)");
        }
        if (version == null) {
            throw new ManifestException("version", "missing");
        }
        if (architecture == null || !ARCH.matcher(architecture).matches()) {
            throw new ManifestException("architecture", "bad architecture '" + architecture + "'");
        }
        if (description == null || description.isBlank()) {
            throw new ManifestException("description", "missing");
        }
        if (maintainer != null && maintainer.isBlank()) {
            throw new ManifestException("maintainer", "blank (omit it instead)");
        }
        if (payloadSize < 0) {
            throw new ManifestException("payloadSize", "negative");
        }
        if (installedSize < 0) {
            throw new ManifestException("installedSize", "negative");
        }
        if (payload == null && payloadSize != 0) {
            throw new ManifestException("payloadSize", "set without a payload");
        }
        String previous = null;
        for (FileEntry f : files) {
            String problem = f.problem();
            if (problem != null) {
                throw new ManifestException("files", problem);
            }
            if (f.path().equals(previous)) {
                throw new ManifestException("files", "duplicate path '" + f.path() + "'");
            }
            previous = f.path();
        }
        if (!conffiles.isEmpty()) {
            java.util.Set<String> regular = new java.util.HashSet<>();
            for (FileEntry f : files) {
                if (f.type() == FileEntry.Type.FILE) {
                    regular.add(f.path());
                }
            }
            for (String c : conffiles) {
                if (!regular.contains(c)) {
                    throw new ManifestException("conffiles", "'" + c + "' is not a regular file of the package"
                            + (files.isEmpty() ? " (it has no files)" : ""));
                }
            }
        }
        for (Map.Entry<String, MaintainerScript> e : scripts.entrySet()) {
            if (!SCRIPT_NAME.matcher(e.getKey()).matches() || e.getValue() == null) {
                throw new ManifestException("scripts", "bad script name '" + e.getKey() + "'");
            }
        }
        if (origin != null && origin.isBlank()) {
            throw new ManifestException("origin", "blank (omit it instead)");
        }
        for (Map.Entry<String, String> e : originInfo.entrySet()) {
            if (!INFO_KEY.matcher(e.getKey()).matches() || e.getValue() == null) {
                throw new ManifestException("originInfo", "bad key '" + e.getKey() + "'");
            }
        }
    }

    /**
     * The canonical bytes (see class doc).
     *
     * @throws IllegalStateException if the manifest is invalid (build it with the builder to get a
     *     checked {@link ManifestException} instead)
     */
    public byte[] toCanonicalBytes() {
        try {
            validate();
        } catch (ManifestException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
        return ManifestCodec.encode(this);
    }

    /** {@code Cid.raw(toCanonicalBytes())}: the identifier the registry stores. */
    public Cid cid() {
        return Cid.raw(toCanonicalBytes());
    }

    /**
     * Decodes canonical bytes.
     *
     * @throws ManifestException if the bytes are not valid JSON, not canonical (any other spelling of
     *     the same content), carry unknown fields, or describe an invalid manifest; the message names
     *     the field
     */
    public static Manifest fromCanonicalBytes(byte[] bytes) throws ManifestException {
        return ManifestCodec.decode(bytes);
    }

    /** Mutable builder; {@link #build()} validates. Not thread-safe. */
    public static final class Builder {
        private int formatVersion = FORMAT_VERSION;
        private String name;
        private DebianVersion version;
        private String architecture;
        private String description;
        private String maintainer;
        private List<Dependency> depends = List.of();
        private List<Dependency> preDepends = List.of();
        private List<Dependency> recommends = List.of();
        private List<Relation> conflicts = List.of();
        private List<Relation> breaks = List.of();
        private List<Provide> provides = List.of();
        private List<Relation> replaces = List.of();
        private Cid payload;
        private long payloadSize;
        private long installedSize;
        private List<FileEntry> files = List.of();
        private List<String> conffiles = List.of();
        private SortedMap<String, MaintainerScript> scripts = new TreeMap<>();
        private String origin;
        private SortedMap<String, String> originInfo = new TreeMap<>();

        private Builder() {
        }

        private Builder(Manifest m) {
            formatVersion = m.formatVersion;
            name = m.name;
            version = m.version;
            architecture = m.architecture;
            description = m.description;
            maintainer = m.maintainer;
            depends = m.depends;
            preDepends = m.preDepends;
            recommends = m.recommends;
            conflicts = m.conflicts;
            breaks = m.breaks;
            provides = m.provides;
            replaces = m.replaces;
            payload = m.payload;
            payloadSize = m.payloadSize;
            installedSize = m.installedSize;
            files = m.files;
            conffiles = m.conffiles;
            scripts = new TreeMap<>(m.scripts);
            origin = m.origin;
            originInfo = new TreeMap<>(m.originInfo);
        }

        public Builder formatVersion(int v) {
            formatVersion = v;
            return this;
        }

        public Builder name(String v) {
            name = v;
            return this;
        }

        public Builder version(DebianVersion v) {
            version = v;
            return this;
        }

        public Builder architecture(String v) {
            architecture = v;
            return this;
        }

        public Builder description(String v) {
            description = v;
            return this;
        }

        public Builder maintainer(String v) {
            maintainer = v;
            return this;
        }

        public Builder depends(List<Dependency> v) {
            depends = Objects.requireNonNull(v);
            return this;
        }

        public Builder preDepends(List<Dependency> v) {
            preDepends = Objects.requireNonNull(v);
            return this;
        }

        public Builder recommends(List<Dependency> v) {
            recommends = Objects.requireNonNull(v);
            return this;
        }

        public Builder conflicts(List<Relation> v) {
            conflicts = Objects.requireNonNull(v);
            return this;
        }

        public Builder breaks(List<Relation> v) {
            breaks = Objects.requireNonNull(v);
            return this;
        }

        public Builder provides(List<Provide> v) {
            provides = Objects.requireNonNull(v);
            return this;
        }

        public Builder replaces(List<Relation> v) {
            replaces = Objects.requireNonNull(v);
            return this;
        }

        public Builder payload(Cid v) {
            payload = v;
            return this;
        }

        public Builder payloadSize(long v) {
            payloadSize = v;
            return this;
        }

        public Builder installedSize(long v) {
            installedSize = v;
            return this;
        }

        public Builder files(List<FileEntry> v) {
            files = Objects.requireNonNull(v);
            return this;
        }

        /** Paths of {@link #files(List)} entries that are configuration files (see the record's doc). */
        public Builder conffiles(List<String> v) {
            conffiles = Objects.requireNonNull(v);
            return this;
        }

        public Builder script(String scriptName, MaintainerScript script) {
            scripts.put(scriptName, Objects.requireNonNull(script));
            return this;
        }

        public Builder scripts(Map<String, MaintainerScript> v) {
            scripts = new TreeMap<>(v);
            return this;
        }

        public Builder origin(String v) {
            origin = v;
            return this;
        }

        public Builder originInfo(String key, String value) {
            originInfo.put(key, Objects.requireNonNull(value));
            return this;
        }

        public Builder originInfo(Map<String, String> v) {
            originInfo = new TreeMap<>(v);
            return this;
        }

        /** The manifest, validated. */
        public Manifest build() throws ManifestException {
            Manifest m = buildUnchecked();
            m.validate();
            return m;
        }

        Manifest buildUnchecked() {
            return new Manifest(formatVersion, name, version, architecture, description, maintainer, depends,
                    preDepends, recommends, conflicts, breaks, provides, replaces, payload, payloadSize,
                    installedSize, files, conffiles, scripts, origin, originInfo);
        }
    }
}
