package dev.dpm.cli.pm;

import dev.dpm.core.pm.OperationResult;
import dev.dpm.core.pm.PlanApproval;
import dev.dpm.core.pm.PlanSizes;
import dev.dpm.core.resolve.Candidate;
import dev.dpm.core.resolve.Plan;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;

/**
 * Shows a plan and, when a person is at a terminal and {@code --yes} was not given, asks whether to go
 * ahead. Non-interactive runs (scripts, CI) proceed without asking.
 */
final class PlanPrompt implements PlanApproval {
    /** Where a question is asked: whether a person is there, and their answer line (null at end of input). */
    interface Terminal {
        boolean interactive();

        String readLine() throws IOException;
    }

    /** The process's terminal: {@link PmSupport#interactive()} and standard input. */
    static final Terminal SYSTEM = new Terminal() {
        @Override
        public boolean interactive() {
            return PmSupport.interactive();
        }

        @Override
        public String readLine() throws IOException {
            return new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
        }
    };

    /**
     * The terminal the commands ask on; tests of this package replace it to answer the prompt (and set it
     * back), since a test JVM has no terminal.
     */
    static volatile Terminal terminal = SYSTEM;

    private final PrintWriter out;
    private final boolean yes;
    private final boolean dryRun;

    PlanPrompt(PrintWriter out, boolean yes) {
        this(out, yes, false);
    }

    /** With {@code dryRun} the plan is shown and declined: nothing is fetched or changed. */
    PlanPrompt(PrintWriter out, boolean yes, boolean dryRun) {
        this.out = out;
        this.yes = yes;
        this.dryRun = dryRun;
    }

    @Override
    public boolean approve(Plan plan) {
        return approve(plan, null);
    }

    @Override
    public boolean approve(Plan plan, PlanSizes sizes) {
        print(out, plan);
        if (sizes != null) {
            out.println(describe(sizes));
            out.flush();
        }
        if (dryRun) {
            return false;
        }
        Terminal t = terminal;
        if (yes || !t.interactive()) {
            return true;
        }
        out.print("Proceed? [Y/n] ");
        out.flush();
        try {
            String answer = t.readLine();
            return answer == null || answer.isBlank() || answer.trim().toLowerCase(Locale.ROOT).startsWith("y");
        } catch (IOException e) {
            return false;
        }
    }

    static void print(PrintWriter out, Plan plan) {
        if (!plan.install().isEmpty()) {
            out.println("install: " + names(plan.install()));
        }
        for (Plan.Upgrade u : plan.upgrade()) {
            int order = u.to().version().compareTo(u.from().version());
            if (order == 0) {
                out.println("reinstall: " + u.to().name() + " " + u.to().version());
                continue;
            }
            out.println((order < 0 ? "downgrade: " : "upgrade: ") + u.to().name() + " " + u.from().version() + " -> "
                    + u.to().version());
        }
        if (!plan.remove().isEmpty()) {
            out.println("remove: " + names(plan.remove()));
        }
        out.flush();
    }

    /** e.g. {@code to fetch: 1.2 MiB (3 packages); installed size: +4.0 MiB}. */
    static String describe(PlanSizes sizes) {
        String fetch = sizes.fetchReleases() == 0 ? "to fetch: nothing (all in the repository)"
                : "to fetch: " + ConsoleListener.size(sizes.fetchBytes()) + " (" + sizes.fetchReleases()
                        + (sizes.fetchReleases() == 1 ? " package)" : " packages)");
        long d = sizes.installedDelta();
        return fetch + "; installed size: " + (d < 0 ? "-" : "+") + ConsoleListener.size(Math.abs(d));
    }

    private static String names(List<Candidate> cs) {
        return String.join(", ", cs.stream().map(c -> c.name() + " " + c.version()).toList());
    }

    /** {@link #report} of a removal, then where the removed payloads stay; the exit code. */
    static int reportRemoval(PrintWriter out, OperationResult r, boolean dryRun, java.nio.file.Path repoDir) {
        int code = report(out, r, "remove", dryRun);
        if (r.status() == OperationResult.Status.DONE) {
            // like pacman's package cache: the payload blocks stay, unpinned, until `dpm repo gc`
            out.println("the removed packages' blocks stay in " + repoDir + " as a cache (a reinstall needs"
                    + " no download); `dpm repo gc` deletes them");
            out.flush();
        }
        return code;
    }

    /** The last lines of an operation; the exit code for it. */
    static int report(PrintWriter out, OperationResult r, String verb) {
        return report(out, r, verb, false);
    }

    /** The last lines of an operation run with {@code dryRun} as given to this prompt; the exit code for it. */
    static int report(PrintWriter out, OperationResult r, String verb, boolean dryRun) {
        for (String k : r.keptBack()) {
            out.println("kept back: " + k);
        }
        for (String y : r.yanked()) {
            out.println("warning: installed release " + y + " is yanked in the registry");
        }
        switch (r.status()) {
            case NOTHING_TO_DO -> out.println("nothing to " + verb);
            case DECLINED -> {
                if (dryRun) {
                    out.println("dry run: nothing fetched, nothing changed");
                    out.flush();
                    return 0;
                }
                out.println("aborted: nothing changed");
                out.flush();
                return PmExitCodes.DECLINED;
            }
            case DONE -> {
                if (!r.autoremoved().isEmpty()) {
                    out.println("autoremoved: " + String.join(", ", r.autoremoved()));
                }
                var t = r.transaction();
                out.println("done: " + t.changes().size() + " package changes, " + t.filesWritten() + " files written, "
                        + t.filesRemoved() + " removed (transaction " + t.transactionId() + ")");
                for (var c : t.configFiles()) {
                    out.println(switch (c.outcome()) {
                        case KEPT -> "note: /" + c.path() + " was changed locally: kept (" + c.packageName()
                                + " ships the same version of it)";
                        case NEW_VERSION_BESIDE -> "warning: /" + c.path() + " was changed locally: kept; "
                                + c.packageName() + "'s new version of it is /" + c.otherPath() + " (merge it by hand)";
                        case SAVED -> "warning: /" + c.path() + " was changed locally: saved as /" + c.otherPath();
                    });
                }
            }
            case DOWNLOADED -> {
                int n = r.plan().unpackOrder().size();
                out.println("downloaded: " + n + (n == 1 ? " package" : " packages") + " into the repository,"
                        + " every block verified; nothing installed (the same command without --download-only"
                        + " installs them with no download)");
            }
            default -> throw new IllegalStateException();
        }
        out.flush();
        return 0;
    }
}
