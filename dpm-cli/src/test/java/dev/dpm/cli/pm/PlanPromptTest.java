package dev.dpm.cli.pm;

import static org.assertj.core.api.Assertions.assertThat;

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
}
