package dev.dpm.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code dpm generate-completion}: the script bash sources completes dpm's commands and options. */
class CompletionTest {
    @TempDir
    Path tmp;

    /** What bash's completion function offers for the words typed so far (the last one being completed). */
    private String complete(Path script, String... words) throws Exception {
        String line = "source " + script + "; COMP_WORDS=(" + String.join(" ", words) + "); COMP_CWORD="
                + (words.length - 1) + "; COMP_LINE='" + String.join(" ", words) + "'; _complete_dpm; "
                + "printf '%s\\n' \"${COMPREPLY[@]}\"";
        Path out = tmp.resolve("out.txt");
        Process p = new ProcessBuilder("bash", "-c", line).redirectErrorStream(true).redirectOutput(out.toFile())
                .start();
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).as("bash finished").isTrue();
        return Files.readString(out, StandardCharsets.UTF_8);
    }

    @Test
    void theScriptCompletesCommandsAndTheirOptions() throws Exception {
        CapturedRun r = CapturedRun.of("generate-completion");
        assertThat(r.code()).as(r.err()).isZero();
        Path script = tmp.resolve("dpm-completion.bash");
        Files.writeString(script, r.out());

        assertThat(complete(script, "dpm", "ins")).contains("install").doesNotContain("remove");
        assertThat(complete(script, "dpm", "install", "--re")).contains("--reinstall");
        assertThat(complete(script, "dpm", "ho")).contains("hold");
    }
}
