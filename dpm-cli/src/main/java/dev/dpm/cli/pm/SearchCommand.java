package dev.dpm.cli.pm;

import dev.dpm.core.DpmException;
import dev.dpm.core.pm.PackageManager;
import dev.dpm.core.pm.SearchHit;
import java.io.PrintWriter;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code dpm search TERM}. */
@Command(name = "search", mixinStandardHelpOptions = true,
        description = "Search the index (names and descriptions). Exit code 10 when nothing matches.")
public final class SearchCommand extends RootCommand {
    @Parameters(index = "0", paramLabel = "TERM")
    String term;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        try (PackageManager pm = PmSupport.open(ctx, root.resolve(ctx), out, false)) {
            List<SearchHit> hits = pm.search(term);
            for (SearchHit h : hits) {
                out.println(h.name() + " " + h.version() + (h.allYanked() ? " [yanked]" : "")
                        + (h.installed() != null ? " [installed " + h.installed() + "]" : "") + " - " + h.description());
            }
            if (hits.isEmpty()) {
                out.println("no package matches '" + term + "'");
                return PmExitCodes.NOT_FOUND;
            }
            return 0;
        } catch (DpmException e) {
            throw PmSupport.error(e);
        }
    }
}
