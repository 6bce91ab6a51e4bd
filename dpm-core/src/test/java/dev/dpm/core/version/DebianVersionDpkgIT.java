package dev.dpm.core.version;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** dpkg's own comparison is the oracle: every pair is checked against {@code dpkg --compare-versions}. */
class DebianVersionDpkgIT {
    @TempDir
    Path tmp;

    private static final String[][] TRICKY = {
        {"1.0~rc1", "1.0"}, {"1.0~~", "1.0~"}, {"1:0.1", "2.0"}, {"1.001", "1.1"}, {"1.0a", "1.0."},
        {"1.0-1~bpo12+1", "1.0-1"}, {"1.0-1", "1.0-1.0"}, {"1.0", "1.0-0"}, {"0:1.0", "1.0"},
        {"1.0~", "1.0"}, {"1.0~a", "1.0~b"}, {"1.0+b1", "1.0"}, {"1.0.", "1.0"}, {"1.", "1.0"},
        {"1.0a", "1.0"}, {"1.0a", "1.0+"}, {"2.30-1", "2.4-1"}, {"10", "9"}, {"1.2.3-1ubuntu1", "1.2.3-1"},
        {"1:1.2.3", "1.2.4"}, {"0.0001", "0.1"}, {"1.0-1-1", "1.0-1"}, {"1.0a~", "1.0a"}, {"1.0.0", "1.0"},
        {"2:1.0~rc1-1", "2:1.0-0"}, {"1a", "1A"}, {"1.0-a", "1.0-1"}, {"1.0-0.1", "1.0"}, {"1.2~", "1.1.9"},
    };

    @Test
    void trickyCasesMatchDpkg() throws Exception {
        List<String[]> pairs = new ArrayList<>(List.of(TRICKY));
        checkAgainstDpkg(pairs);
    }

    @Test
    void randomPairsMatchDpkg() throws Exception {
        Random rnd = new Random(42);
        List<String[]> pairs = new ArrayList<>();
        for (int i = 0; i < 1500; i++) {
            String a = randomVersion(rnd);
            // Half the pairs are near-misses of each other so that the interesting paths get exercised.
            String b = rnd.nextBoolean() ? randomVersion(rnd) : mutate(a, rnd);
            pairs.add(new String[] {a, b});
        }
        checkAgainstDpkg(pairs);
    }




    private static String randomVersion(Random rnd) {
        StringBuilder b = new StringBuilder();
        if (rnd.nextInt(5) == 0) {
            b.append(rnd.nextInt(3)).append(':');
        }
        b.append(rnd.nextInt(12));
        b.append(fragment(rnd, "0123456789.+~abzAZ"));
        if (rnd.nextInt(3) > 0) {
            b.append('-').append(fragment(rnd, "0123456789.+~abZ"));
            if (b.charAt(b.length() - 1) == '-') {
                b.append('1');
            }
        }
        return b.toString();
    }

    private static String fragment(Random rnd, String alphabet) {
        int n = rnd.nextInt(6);
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < n; i++) {
            b.append(alphabet.charAt(rnd.nextInt(alphabet.length())));
        }
        if (b.isEmpty() || rnd.nextBoolean()) {
            b.append(rnd.nextInt(100));
        }
        return b.toString();
    }

    private static String mutate(String a, Random rnd) {
        String[] edits = {"~", "0", "00", ".", "a", "+", "~~", "-1", "1"};
        String e = edits[rnd.nextInt(edits.length)];
        String candidate = rnd.nextBoolean() ? a + e : a.substring(0, Math.max(1, a.length() - 1)) + e;
        try {
            DebianVersion.parse(candidate);
            return candidate;
        } catch (VersionFormatException ex) {
            return a;
        }
    }

    /** Runs one shell that calls dpkg for every pair; compares its verdicts with ours. */
    private void checkAgainstDpkg(List<String[]> pairs) throws IOException, InterruptedException {
        Path input = tmp.resolve("pairs.txt");
        StringBuilder sb = new StringBuilder();
        for (String[] p : pairs) {
            sb.append(p[0]).append(' ').append(p[1]).append('\n');
        }
        Files.writeString(input, sb.toString());
        String script = "while read a b; do if dpkg --compare-versions \"$a\" lt \"$b\"; then echo lt;"
                + " elif dpkg --compare-versions \"$a\" eq \"$b\"; then echo eq; else echo gt; fi; done < " + input;
        // output to a file and a bounded wait: a pipe read until its end is not interruptible
        Path out = tmp.resolve("verdicts.txt");
        Process p = new ProcessBuilder("bash", "-c", script).redirectError(ProcessBuilder.Redirect.DISCARD)
                .redirectOutput(out.toFile()).start();
        boolean exited = p.waitFor(300, java.util.concurrent.TimeUnit.SECONDS);
        if (!exited) {
            p.destroyForcibly();
        }
        assertThat(exited).as("dpkg --compare-versions over %d pairs ends within 300 s", pairs.size()).isTrue();
        assertThat(p.exitValue()).isZero();
        List<String> verdicts = Files.readString(out, StandardCharsets.UTF_8).lines().toList();
        assertThat(verdicts).hasSize(pairs.size());
        for (int i = 0; i < pairs.size(); i++) {
            String[] pair = pairs.get(i);
            int c = DebianVersion.of(pair[0]).compareTo(DebianVersion.of(pair[1]));
            String ours = c < 0 ? "lt" : c == 0 ? "eq" : "gt";
            assertThat(ours).as("%s vs %s", pair[0], pair[1]).isEqualTo(verdicts.get(i));
            assertThat(DebianVersion.of(pair[0]).equals(DebianVersion.of(pair[1]))).isEqualTo(c == 0);
            if (c == 0) {
                assertThat(DebianVersion.of(pair[0]).hashCode()).as("hash %s %s", pair[0], pair[1])
                        .isEqualTo(DebianVersion.of(pair[1]).hashCode());
            }
        }
    }
}
