package dev.dpm.storage.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class MediaRangeTest {
    @Test
    void parsesParametersAndOrdersByQuality() {
        List<MediaRange> m = MediaRange.parseAccept(
                "application/vnd.ipld.car;order=foo;q=0.5, application/vnd.ipld.car; version=1; order=dfs; dups=y, */*;q=0.1");
        assertThat(m).extracting(MediaRange::q).containsExactly(1.0, 0.5, 0.1);
        assertThat(m.get(0).params()).containsEntry("version", "1").containsEntry("order", "dfs").containsEntry("dups", "y");
        assertThat(m.get(1).params()).containsEntry("order", "foo");
    }

    @Test
    void toleratesNothingAndGarbage() {
        assertThat(MediaRange.parseAccept(null)).isEmpty();
        assertThat(MediaRange.parseAccept("garbage, ;;, text/plain;q=x")).extracting(MediaRange::type)
                .containsExactly("text/plain");
    }
}
