package dev.dpm.core.install;

import dev.dpm.core.DpmException;
import dev.dpm.core.db.InstalledFile;
import dev.dpm.core.db.InstalledPackage;
import dev.dpm.core.db.LocalDatabase;
import dev.dpm.core.install.VerifyReport.Kind;
import dev.dpm.core.install.VerifyReport.Problem;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Checks installed files against what the database recorded (read-only). */
final class Verifier {
    private Verifier() {
    }

    static VerifyReport verify(RootLayout layout, LocalDatabase db, List<String> only) throws DpmException {
        List<Problem> problems = new ArrayList<>();
        List<Problem> changedConfig = new ArrayList<>();
        int packages = 0;
        int paths = 0;
        for (InstalledPackage pkg : db.installed().all()) {
            if (!only.isEmpty() && !only.contains(pkg.name())) {
                continue;
            }
            packages++;
            java.util.Set<String> conffiles = new java.util.HashSet<>(InstalledManifests.of(pkg).conffiles());
            for (InstalledFile f : db.installed().files(pkg.name())) {
                paths++;
                Problem p = check(layout.resolve(f.path()), f);
                if (p == null) {
                    continue;
                }
                boolean configChange = conffiles.contains(f.path())
                        && (p.kind() == Kind.MODIFIED || p.kind() == Kind.MODE_CHANGED);
                (configChange ? changedConfig : problems).add(p);
            }
        }
        return new VerifyReport(packages, paths, problems, changedConfig);
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
                    String sha = FsOps.sha256(p);
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
}
