package dev.dpm.bench.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RegistryResultTest {
    private static RegistryResult steps(long... pairs) {
        List<RegistryResult.UpdateStep> s = new java.util.ArrayList<>();
        for (int i = 0; i < pairs.length; i += 2) {
            s.add(new RegistryResult.UpdateStep(pairs[i], pairs[i + 1], pairs[i]));
        }
        return new RegistryResult(Map.of(), s, 1, 1);
    }

    @Test
    void lineThroughExactlyLinearStepsIsExact() {
        RegistryResult r = steps(1_000, 1_500, 3_000, 2_500, 5_000, 3_500); // 1,000 ms + 0.5 ms per release
        assertThat(r.extrapolateUpdateMillis(60_000)).isCloseTo(31_000, within(1e-6));
        assertThat(r.marginalUpdateMillis(60_000)).isCloseTo(31_000, within(1e-6));
    }

    @Test
    void marginalCostFollowsTheLastStepWhenGrowthSpeedsUp() {
        RegistryResult r = steps(1_000, 1_000, 2_000, 2_000, 3_000, 5_000);
        // last step: 3 ms per release
        assertThat(r.marginalUpdateMillis(4_000)).isCloseTo(8_000, within(1e-6));
        assertThat(r.marginalUpdateMillis(4_000)).isGreaterThan(r.extrapolateUpdateMillis(4_000));
    }

    @Test
    void noisyStepsFallBackToProportional() {
        RegistryResult r = steps(200, 760, 300, 640);
        assertThat(r.extrapolateUpdateMillis(3_000)).isCloseTo(6_400, within(1e-6));
        assertThat(r.marginalUpdateMillis(3_000)).isCloseTo(6_400, within(1e-6));
    }

    @Test
    void gasKeepsItsOrder() {
        Map<String, Long> gas = new java.util.LinkedHashMap<>();
        gas.put("b", 2L);
        gas.put("a", 1L);
        assertThat(new RegistryResult(gas, List.of(), 0, 0).gas().keySet()).containsExactly("b", "a");
    }
}
