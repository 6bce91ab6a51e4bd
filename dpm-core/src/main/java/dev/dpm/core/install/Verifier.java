package dev.dpm.core.install;

import dev.dpm.core.db.DatabaseException;
import dev.dpm.core.db.InstalledFile;
import dev.dpm.core.db.InstalledPackage;
import dev.dpm.core.db.LocalDatabase;
import dev.dpm.core.install.VerifyReport.Kind;
import dev.dpm.core.install.VerifyReport.Problem;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/** Checks installed files against what the database recorded (read-only). */
final class Verifier {
    private Verifier() {
    }

    static VerifyReport verify(RootLayout layout, LocalDatabase db, List<String> only) throws DatabaseException {
        List<Problem> problems = new ArrayList<>();
        int packages = 0;
        int paths = 0;
        for (InstalledPackage pkg : db.installed().all()) {
            if (!only.isEmpty() && !only.contains(pkg.name())) {
                continue;
            }
            packages++;
            for (InstalledFile f : db.installed().files(pkg.name())) {
                paths++;
                Problem p = check(layout.resolve(f.path()), f);
                if (p != null) {
                    problems.add(p);
                }
            }
        }
        return new VerifyReport(packages, paths, problems);
    }

    private static Problem check(Path p, InstalledFile f) {
        if (!FsOps.exists(p)) {
            return new Problem(f.owner(), f.path(), Kind.MISSING, "not on disk");
        }
        try {
            switch (f.type()) {
                case DIR -> {
                    if (!FsOps.isDirectory(p)) {
                        return new Problem(f.owner(), f.path(), Kind.WRONG_TYPE, "expected a directory");
                    }
                    int mode = FsOps.mode(p);
                    if (mode != (f.mode() & 0777)) {
                        return modeProblem(f, mode);
                    }
                }
                case SYMLINK -> {
                    if (!Files.isSymbolicLink(p)) {
                        return new Problem(f.owner(), f.path(), Kind.WRONG_TYPE, "expected a symlink");
                    }
                    String target = Files.readSymbolicLink(p).toString();
                    if (!target.equals(f.target())) {
                        return new Problem(f.owner(), f.path(), Kind.TARGET_CHANGED,
                                "points to " + target + ", expected " + f.target());
                    }
                }
                case FILE -> {
                    if (!FsOps.isRegularFile(p)) {
                        return new Problem(f.owner(), f.path(), Kind.WRONG_TYPE, "expected a regular file");
                    }
                    long size = Files.size(p);
                    String sha = sha256(p);
                    if (size != f.size() || !sha.equals(f.sha256())) {
                        return new Problem(f.owner(), f.path(), Kind.MODIFIED, size + " bytes, sha256 " + sha
                                + "; expected " + f.size() + " bytes, sha256 " + f.sha256());
                    }
                    int mode = FsOps.mode(p);
                    if (mode != (f.mode() & 0777)) {
                        return modeProblem(f, mode);
                    }
                }
                default -> throw new IllegalStateException();
            }
        } catch (IOException e) {
            return new Problem(f.owner(), f.path(), Kind.MISSING, "unreadable: " + e.getMessage());
        }
        return null;
    }

    private static Problem modeProblem(InstalledFile f, int mode) {
        return new Problem(f.owner(), f.path(), Kind.MODE_CHANGED, "mode " + Integer.toOctalString(mode)
                + ", expected " + Integer.toOctalString(f.mode() & 0777));
    }

    private static String sha256(Path p) throws IOException {
        MessageDigest sha;
        try {
            sha = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every JVM", e);
        }
        try (InputStream in = Files.newInputStream(p)) {
            byte[] buf = new byte[64 * 1024];
            int n;
            while ((n = in.read(buf)) > 0) {
                sha.update(buf, 0, n);
            }
        }
        return HexFormat.of().formatHex(sha.digest());
    }
}
