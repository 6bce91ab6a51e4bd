package dev.dpm.core.debimport;

import com.github.luben.zstd.ZstdOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.zip.GZIPOutputStream;
import org.apache.commons.compress.archivers.ar.ArArchiveEntry;
import org.apache.commons.compress.archivers.ar.ArArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;
import org.tukaani.xz.LZMA2Options;
import org.tukaani.xz.XZOutputStream;

/** Builds small synthetic {@code .deb} files for tests, entry by entry, with any compression. */
final class TestDeb {
    private String compression = ".xz";
    private String control = "Package: demo\nVersion: 1:2.0-1\nArchitecture: amd64\nMaintainer: A <a@example.org>\n"
            + "Description: a demo\n";
    private final Map<String, byte[]> controlFiles = new LinkedHashMap<>();
    private final List<Consumer<TarArchiveOutputStream>> data = new ArrayList<>();
    private boolean withData = true;

    TestDeb compression(String c) {
        compression = c;
        return this;
    }

    TestDeb control(String text) {
        control = text;
        return this;
    }

    TestDeb controlFile(String name, String text) {
        controlFiles.put(name, text.getBytes(StandardCharsets.UTF_8));
        return this;
    }

    TestDeb noData() {
        withData = false;
        return this;
    }

    TestDeb dir(String name, int mode) {
        return entry(name, TarConstants.LF_DIR, mode, null, null);
    }

    TestDeb file(String name, int mode, String content) {
        return entry(name, TarConstants.LF_NORMAL, mode, content.getBytes(StandardCharsets.UTF_8), null);
    }

    TestDeb symlink(String name, String target) {
        return entry(name, TarConstants.LF_SYMLINK, 0777, null, target);
    }

    TestDeb hardlink(String name, String target) {
        return entry(name, TarConstants.LF_LINK, 0644, null, target);
    }

    TestDeb device(String name) {
        return entry(name, TarConstants.LF_CHR, 0600, null, null);
    }

    private TestDeb entry(String name, byte type, int mode, byte[] content, String link) {
        data.add(tar -> {
            try {
                TarArchiveEntry e = new TarArchiveEntry(name, type, true);
                e.setMode(mode);
                if (link != null) {
                    e.setLinkName(link);
                }
                if (content != null) {
                    e.setSize(content.length);
                }
                tar.putArchiveEntry(e);
                if (content != null) {
                    tar.write(content);
                }
                tar.closeArchiveEntry();
            } catch (IOException ex) {
                throw new java.io.UncheckedIOException(ex);
            }
        });
        return this;
    }

    Path write(Path file) throws IOException {
        byte[] controlTar = tar(tar -> {
            try {
                put(tar, "./control", control.getBytes(StandardCharsets.UTF_8), 0644);
                for (Map.Entry<String, byte[]> e : controlFiles.entrySet()) {
                    put(tar, "./" + e.getKey(), e.getValue(), 0755);
                }
            } catch (IOException ex) {
                throw new java.io.UncheckedIOException(ex);
            }
        });
        byte[] dataTar = tar(tar -> data.forEach(c -> c.accept(tar)));
        try (ArArchiveOutputStream ar = new ArArchiveOutputStream(Files.newOutputStream(file))) {
            member(ar, "debian-binary", "2.0\n".getBytes(StandardCharsets.US_ASCII));
            member(ar, "control.tar" + compression, compress(controlTar));
            if (withData) {
                member(ar, "data.tar" + compression, compress(dataTar));
            }
        }
        return file;
    }

    private static void put(TarArchiveOutputStream tar, String name, byte[] bytes, int mode) throws IOException {
        TarArchiveEntry e = new TarArchiveEntry(name);
        e.setSize(bytes.length);
        e.setMode(mode);
        tar.putArchiveEntry(e);
        tar.write(bytes);
        tar.closeArchiveEntry();
    }

    private static byte[] tar(Consumer<TarArchiveOutputStream> body) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(bytes)) {
            tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_GNU);
            body.accept(tar);
        }
        return bytes.toByteArray();
    }

    private byte[] compress(byte[] raw) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (OutputStream out = switch (compression) {
            case ".gz" -> new GZIPOutputStream(bytes);
            case ".xz" -> new XZOutputStream(bytes, new LZMA2Options());
            case ".zst" -> new ZstdOutputStream(bytes);
            default -> bytes;
        }) {
            out.write(raw);
        }
        return bytes.toByteArray();
    }

    private static void member(ArArchiveOutputStream ar, String name, byte[] bytes) throws IOException {
        ar.putArchiveEntry(new ArArchiveEntry(name, bytes.length));
        ar.write(bytes);
        ar.closeArchiveEntry();
    }
}
