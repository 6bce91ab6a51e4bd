package dev.dpm.cli.pm;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dpm.core.install.RecoveryReport;
import dev.dpm.core.pm.OperationResult;
import dev.dpm.core.pm.PlanSizes;
import dev.dpm.core.resolve.Plan;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The {@code Proceed? [Y/n]} answers, through the injectable terminal. */
class PlanPromptTest {
    private static final Plan EMPTY = new Plan(List.of(), List.of(), List.of(), List.of(), List.of(), true);

    private static final class Scripted implements PlanPrompt.Terminal {
        private final boolean interactive;
        private final Deque<String> answers;
        int asked;

        Scripted(boolean interactive, String... answers) {
            this.interactive = interactive;
            this.answers = new ArrayDeque<>(Arrays.asList(answers));
        }

        @Override
        public boolean interactive() {
            return interactive;
        }

        @Override
        public String readLine() throws IOException {
            asked++;
            if (answers.isEmpty()) {
                return null;
            }
            String a = answers.pop();
            if (a.equals("IOE")) {
                throw new IOException("terminal gone");
            }
            return a;
        }
    }

    private static boolean approve(Scripted t, boolean yes) {
        PlanPrompt.Terminal before = PlanPrompt.terminal;
        PlanPrompt.terminal = t;
        try {
            return new PlanPrompt(new PrintWriter(new StringWriter()), yes).approve(EMPTY);
        } finally {
            PlanPrompt.terminal = before;
        }
    }

    @Test
    void answersAtATerminal() {
        assertThat(approve(new Scripted(true, "n"), false)).isFalse();
        assertThat(approve(new Scripted(true, "No"), false)).isFalse();
        assertThat(approve(new Scripted(true, "whatever"), false)).isFalse();
        assertThat(approve(new Scripted(true, "IOE"), false)).isFalse();
        assertThat(approve(new Scripted(true, ""), false)).isTrue();
        assertThat(approve(new Scripted(true, " y "), false)).isTrue();
        assertThat(approve(new Scripted(true, "YES"), false)).isTrue();
        assertThat(approve(new Scripted(true), false)).as("end of input takes the default").isTrue();
    }

    @Test
    void yesOrNoTerminalNeverAsks() {
        Scripted noTty = new Scripted(false, "n");
        assertThat(approve(noTty, false)).isTrue();
        assertThat(noTty.asked).isZero();
        Scripted yes = new Scripted(true, "n");
        assertThat(approve(yes, true)).isTrue();
        assertThat(yes.asked).isZero();
    }

    @Test
    void aDryRunShowsThePlanDeclinesWithoutAskingAndExitsZero() {
        Scripted t = new Scripted(true, "y");
        PlanPrompt.Terminal before = PlanPrompt.terminal;
        PlanPrompt.terminal = t;
        StringWriter text = new StringWriter();
        PrintWriter out = new PrintWriter(text);
        try {
            assertThat(new PlanPrompt(out, true, true).approve(EMPTY)).isFalse();
        } finally {
            PlanPrompt.terminal = before;
        }
        assertThat(t.asked).isZero();
        OperationResult declined = new OperationResult(EMPTY, OperationResult.Status.DECLINED, null,
                new RecoveryReport(RecoveryReport.Outcome.CLEAN, null, List.of()), List.of(), List.of(),
                List.of("app 1.0 (1.1 available)"));
        assertThat(PlanPrompt.report(out, declined, "upgrade", true)).isZero();
        assertThat(PlanPrompt.report(out, declined, "upgrade", false)).isEqualTo(PmExitCodes.DECLINED);
        out.flush();
        assertThat(text.toString()).contains("kept back: app 1.0 (1.1 available)")
                .contains("dry run: nothing fetched, nothing changed").contains("aborted: nothing changed");
    }

    @Test
    void describesWhatAPlanFetchesAndHowItChangesTheInstalledSize() {
        assertThat(PlanPrompt.describe(new PlanSizes(3 * 1024 * 1024 / 2, 3, 4 * 1024 * 1024)))
                .isEqualTo("to fetch: 1.5 MiB (3 packages); installed size: +4.0 MiB");
        assertThat(PlanPrompt.describe(new PlanSizes(0, 0, -2048)))
                .isEqualTo("to fetch: nothing (all in the repository); installed size: -2.0 KiB");
        assertThat(PlanPrompt.describe(new PlanSizes(100, 1, 0)))
                .isEqualTo("to fetch: 100 B (1 package); installed size: +0 B");
    }
}
