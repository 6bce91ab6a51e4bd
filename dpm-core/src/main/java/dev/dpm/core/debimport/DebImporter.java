package dev.dpm.core.debimport;

import dev.dpm.content.Blockstore;
import dev.dpm.content.Cid;
import dev.dpm.content.ContentException;
import dev.dpm.content.unixfs.ImportProfile;
import dev.dpm.content.unixfs.ImportResult;
import dev.dpm.content.unixfs.UnixfsImporter;
import dev.dpm.core.debian.PackagesIndex;
import dev.dpm.core.manifest.FileEntry;
import dev.dpm.core.manifest.Manifest;
import dev.dpm.core.manifest.ManifestException;
import dev.dpm.core.manifest.MaintainerScript;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Turns a {@code .deb} into a dpm release: the control fields become the manifest (through the same
 * mapping as a Packages index stanza, {@link PackagesIndex#toManifest}), the data.tar tree becomes the
 * payload (a UnixFS directory written to the blockstore) and the manifest's file list, and the control
 * members are kept in the manifest's {@code scripts} (never run). {@code md5sums} is checked during
 * extraction and not kept: the file list's SHA-256 replaces it.
 *
 * <p>{@link Manifest#originInfo()} gets the {@code .deb}'s {@code Filename} (its file name),
 * {@code SHA256} and {@code Size}: the same keys a Packages index gives, so both can be compared.
 *
 * <p>Immutable and thread-safe; one import runs on the calling thread.
 */
public final class DebImporter {
    /** Scripts larger than this, or not UTF-8, go to their own raw block instead of inline text. */
    public static final int INLINE_SCRIPT_LIMIT = 8 * 1024;

    private final Blockstore blockstore;
    private final ImportProfile profile;
    private final String origin;

    private DebImporter(Builder b) {
        this.blockstore = b.blockstore;
        this.profile = b.profile;
        this.origin = b.origin;
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * Imports one {@code .deb}.
     *
     * @param workDir an empty or absent directory that receives the extracted tree (kept: the caller
     *                may install from it or delete it)
     * @throws DebArchiveException when the archive is corrupt or unsafe, or its control fields do not
     *     make a valid manifest (names file, member and field)
     * @throws ContentException    when the blockstore fails
     */
    public ImportedDeb importDeb(Path deb, Path workDir) throws DebArchiveException, ContentException {
        DebArchive archive = DebArchive.open(deb);
        String controlWhere = archive.controlMember() + ": control";
        Manifest base;
        try {
            base = PackagesIndex.toManifest(archive.control(), origin);
        } catch (ManifestException e) {
            throw new DebFormatException(deb, controlWhere, e.getMessage(), e);
        }
        DebPayload tree = archive.extractData(workDir);
        ImportResult payload;
        try {
            payload = UnixfsImporter.builder().profile(profile).blockstore(blockstore).build().importPath(workDir);
        } catch (IOException e) {
            throw new DebArchiveException(deb, archive.dataMember(), "cannot import the extracted tree "
                    + workDir + ": " + e.getMessage(), e);
        }
        List<Cid> roots = new ArrayList<>();
        roots.add(payload.root());
        List<String> scripts = new ArrayList<>();
        List<String> others = new ArrayList<>();
        Manifest.Builder b = base.toBuilder();
        for (Map.Entry<String, byte[]> e : archive.controlFiles().entrySet()) {
            String name = e.getKey();
            if (name.equals("md5sums")) {
                continue;
            }
            MaintainerScript kept = keep(e.getValue(), roots);
            b.script(name, kept);
            (DebArchive.MAINTAINER_SCRIPTS.contains(name) ? scripts : others).add(name);
        }
        String[] digest = sha256AndSize(deb);
        b.originInfo("Filename", deb.getFileName().toString());
        b.originInfo("SHA256", digest[0]);
        b.originInfo("Size", digest[1]);
        b.payload(payload.root()).payloadSize(payload.contentSize()).files(tree.entries());
        b.conffiles(conffiles(archive.controlFiles().get("conffiles"), tree.entries()));
        Manifest manifest;
        try {
            manifest = b.build();
        } catch (ManifestException e) {
            throw new DebFormatException(deb, controlWhere, e.getMessage(), e);
        }
        return new ImportedDeb(deb, manifest, payload, tree, workDir, scripts, others, roots);
    }

    /**
     * dpkg's {@code conffiles} member as manifest paths: one absolute path per line, optionally after a
     * flag ({@code remove-on-upgrade /etc/x}: not a configuration file of this version, so left out);
     * a path that is not a regular file of data.tar is left out too (dpkg only warns about those).
     */
    static List<String> conffiles(byte[] member, List<FileEntry> files) {
        if (member == null) {
            return List.of();
        }
        java.util.Set<String> regular = new java.util.HashSet<>();
        for (FileEntry f : files) {
            if (f.type() == FileEntry.Type.FILE) {
                regular.add(f.path());
            }
        }
        List<String> out = new java.util.ArrayList<>();
        for (String line : new String(member, StandardCharsets.UTF_8).split("\n")) {
            String t = line.strip();
            if (!t.startsWith("/")) {
                continue; // blank, or a flagged entry
            }
            String path = t.substring(1);
            if (regular.contains(path)) {
                out.add(path);
            }
        }
        return out;
    }

    private MaintainerScript keep(byte[] bytes, List<Cid> roots) throws ContentException {
        String text = utf8(bytes);
        if (text != null && bytes.length <= INLINE_SCRIPT_LIMIT && text.indexOf('\0') < 0) {
            return MaintainerScript.inline(text);
        }
        Cid cid = Cid.raw(bytes);
        blockstore.put(cid, bytes);
        roots.add(cid);
        return MaintainerScript.stored(cid);
    }

    private static String utf8(byte[] bytes) {
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }

    private static String[] sha256AndSize(Path deb) throws DebArchiveException {
        try (InputStream in = new DigestInputStream(Files.newInputStream(deb), MessageDigest.getInstance("SHA-256"))) {
            long n = in.transferTo(java.io.OutputStream.nullOutputStream());
            return new String[] {HexFormat.of().formatHex(((DigestInputStream) in).getMessageDigest().digest()),
                Long.toString(n)};
        } catch (IOException e) {
            throw new DebArchiveException(deb, null, "cannot read: " + e.getMessage(), e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every Java platform", e);
        }
    }

    /** Configuration of a {@link DebImporter}. */
    public static final class Builder {
        private Blockstore blockstore;
        private ImportProfile profile = ImportProfile.UNIXFS_V1_2025;
        private String origin = "deb";

        private Builder() {
        }

        /** Where the payload's blocks go (required). */
        public Builder blockstore(Blockstore s) {
            this.blockstore = Objects.requireNonNull(s);
            return this;
        }

        /** The UnixFS import profile (default {@code unixfs-v1-2025}, as {@code dpm add}). */
        public Builder profile(ImportProfile p) {
            this.profile = Objects.requireNonNull(p);
            return this;
        }

        /** {@link Manifest#origin()} of the releases (default {@code deb}). */
        public Builder origin(String o) {
            this.origin = Objects.requireNonNull(o);
            return this;
        }

        public DebImporter build() {
            Objects.requireNonNull(blockstore, "blockstore");
            return new DebImporter(this);
        }
    }
}
