package dev.dpm.cli.debimport;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dpm.cli.ExitCodes;
import dev.dpm.cli.Main;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class ImportDebCommandTest {
    @TempDir
    Path tmp;

    @Test
    void saysWhichScriptsWereKeptAndThatNoneRun() {
        assertThat(ImportDebCommand.keptLine(List.of("postinst", "prerm"), List.of()))
                .isEqualTo("kept 2 maintainer scripts (postinst, prerm); dpm does not run them");
        assertThat(ImportDebCommand.keptLine(List.of("postinst"), List.of("triggers")))
                .isEqualTo("kept 1 maintainer script (postinst) and 1 other control file (triggers); dpm does not run them");
        assertThat(ImportDebCommand.keptLine(List.of(), List.of("conffiles", "shlibs")))
                .isEqualTo("kept no maintainer script and 2 other control files (conffiles, shlibs); dpm does not run "
                        + "maintainer scripts");
        assertThat(ImportDebCommand.keptLine(List.of(), List.of())).isEqualTo("no maintainer scripts");
    }

    @Test
    void aMissingFileIsOneLineAndInvalidInput() {
        CommandLine cli = Main.commandLine();
        StringWriter err = new StringWriter();
        cli.setErr(new PrintWriter(err));
        cli.setOut(new PrintWriter(new StringWriter()));
        Path missing = tmp.resolve("nothing.deb");
        int code = cli.execute("import", "deb", missing.toString(), "--home", tmp.toString());
        assertThat(code).isEqualTo(ExitCodes.INVALID_INPUT);
        assertThat(err.toString()).isEqualTo("dpm: no such file: " + missing + System.lineSeparator());
    }
}
