package dev.dpm.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class ShellTimesTest {
    @Test
    void readsTheChildrensLineNotTheShells() {
        assertThat(ShellTimes.childrenSeconds("0m0.001s 0m0.002s\n1m0.531s 0m0.147s\n")).isCloseTo(60.678, within(1e-9));
        assertThat(ShellTimes.childrenSeconds("0m0.000000s 0m0.000000s\n0m0.012000s 0m0.256000s")) // dash
                .isCloseTo(0.268, within(1e-9));
    }

    @Test
    void outputWithoutATimesLineIsRefused() {
        assertThatThrownBy(() -> ShellTimes.childrenSeconds("curl: (7) Failed to connect"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("Failed to connect");
    }
}
