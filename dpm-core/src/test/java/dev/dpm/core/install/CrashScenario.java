package dev.dpm.core.install;

import dev.dpm.core.db.InstallReason;

/** The packages and plans of the crash tests; built identically in the test and in its child JVM. */
final class CrashScenario {
    private CrashScenario() {
    }

    static TestPackage app(String version, boolean variant) {
        TestPackage.Builder b = TestPackage.of("crash-app", version).dir("opt", 0755).dir("opt/app", 0755)
                .dir("opt/app/ro", 0555);
        for (int i = 0; i < 12; i++) {
            // the upgrade drops files 0-3, changes 4-11 and adds 12-15
            if (!variant || i >= 4) {
                b.file("opt/app/f" + i, i % 2 == 0 ? 0644 : 0755, "file " + i + " of " + version + "\n".repeat(i * 50));
            }
        }
        if (variant) {
            for (int i = 12; i < 16; i++) {
                b.file("opt/app/f" + i, 0600, "new file " + i);
            }
            b.symlink("opt/app/current", "f12");
        } else {
            b.symlink("opt/app/current", "f0");
        }
        b.file("opt/app/ro/data", 0444, "read-only data " + version);
        return b.build();
    }

    static TestPackage lib(String version) {
        return TestPackage.of("crash-lib", version).dir("opt", 0755).dir("opt/lib", 0755)
                .file("opt/lib/libcrash.so", 0644, "lib " + version).symlink("opt/lib/libcrash.so.1", "libcrash.so")
                .build();
    }

    /** The setup transaction for the named scenario (null: the root starts empty). */
    static InstallPlan setup(String scenario) {
        if (scenario.equals("install")) {
            return null;
        }
        TestPackage app = app("1.0", false);
        TestPackage lib = lib("1.0");
        return InstallPlan.builder().install(app.manifest(), app.content(), InstallReason.EXPLICIT)
                .install(lib.manifest(), lib.content(), InstallReason.DEPENDENCY).build();
    }

    /** The transaction that gets killed. */
    static InstallPlan plan(String scenario) {
        return switch (scenario) {
            case "install" -> {
                TestPackage app = app("1.0", false);
                TestPackage lib = lib("1.0");
                yield InstallPlan.builder().install(app.manifest(), app.content(), InstallReason.EXPLICIT)
                        .install(lib.manifest(), lib.content(), InstallReason.DEPENDENCY).build();
            }
            case "upgrade" -> {
                TestPackage app = app("2.0", true);
                yield InstallPlan.builder().install(app.manifest(), app.content(), InstallReason.EXPLICIT)
                        .remove("crash-lib").build();
            }
            default -> throw new IllegalArgumentException(scenario);
        };
    }
}
