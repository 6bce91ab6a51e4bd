package dev.dpm.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

class HeaderWalkProgressTest {
    @Test
    void aShortWalkIsSilentALongOneShowsItsStartAndEnd() {
        StringWriter text = new StringWriter();
        HeaderWalkProgress p = new HeaderWalkProgress(new PrintWriter(text));
        p.linking(100, 140, 0);
        p.linking(100, 140, 40);
        assertThat(text.toString()).isEmpty();

        p.linking(1_000, 501_000, 0);
        for (long linked = 128; linked < 500_000; linked += 128) {
            p.linking(1_000, 501_000, linked); // a fast walk: within 2 s, no line per batch
        }
        p.linking(1_000, 501_000, 500_000);
        assertThat(text.toString().lines()).containsExactly(
                "linking block headers 1000..501000 to the last trusted block: 0 of 500,000 (0%)",
                "linking block headers 1000..501000 to the last trusted block: 500,000 of 500,000 (100%)");
    }
}
