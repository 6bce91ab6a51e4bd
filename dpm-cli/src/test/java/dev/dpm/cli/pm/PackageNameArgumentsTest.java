package dev.dpm.cli.pm;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dpm.cli.CapturedRun;
import dev.dpm.cli.ExitCodes;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Commands on installed packages refuse a malformed name as such (exit 4), before reading the root. */
class PackageNameArgumentsTest {
    @TempDir
    Path tmp;

    @Test
    void aMalformedNameIsInvalidInputNotANameThatIsNotInstalled() {
        String[][] commands = {{"hold"}, {"unhold"}, {"mark", "--explicit"}, {"files"}, {"verify"}, {"remove"},
            {"history"}, {"info"}};
        for (String[] c : commands) {
            String[] args = new String[c.length + 5];
            System.arraycopy(c, 0, args, 0, c.length);
            args[c.length] = "Bad_Name";
            args[c.length + 1] = "--home";
            args[c.length + 2] = tmp.resolve("home").toString();
            args[c.length + 3] = "--root";
            args[c.length + 4] = tmp.resolve("root").toString();
            CapturedRun r = CapturedRun.of(args);
            assertThat(r.code()).as(String.join(" ", c) + ": " + r.err()).isEqualTo(ExitCodes.INVALID_INPUT);
            assertThat(r.err().strip()).as(String.join(" ", c))
                    .startsWith("dpm: 'Bad_Name' is not a package name").doesNotContain("\n");
        }
        assertThat(tmp.resolve("root")).as("nothing created for a refused name").doesNotExist();
    }
}
