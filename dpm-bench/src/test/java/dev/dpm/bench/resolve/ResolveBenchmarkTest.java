package dev.dpm.bench.resolve;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dpm.core.resolve.Candidate;
import java.util.List;
import org.junit.jupiter.api.Test;

class ResolveBenchmarkTest {
    @Test
    void syntheticIndexIsReproducible() {
        List<Candidate> a = SyntheticIndex.generate(300, 1);
        List<Candidate> b = SyntheticIndex.generate(300, 1);
        assertThat(a).isEqualTo(b);
        assertThat(a.stream().map(Candidate::name).distinct().count()).isEqualTo(300);
    }

    @Test
    void smallRunResolvesEveryRequestOrExplainsIt() throws Exception {
        List<ResolveBenchmark.Sample> samples = ResolveBenchmark.synthetic(500, 5, 3);
        assertThat(samples).hasSize(5);
        assertThat(samples).allMatch(s -> s.wallMs() >= 0 && (s.packages() >= 5 || s.packages() == -1));
    }
}
