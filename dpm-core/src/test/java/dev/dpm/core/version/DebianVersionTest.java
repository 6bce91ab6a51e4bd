package dev.dpm.core.version;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/**
 * Fast checks; the expected signs below were produced by {@code dpkg --compare-versions} (the full
 * oracle run, with random pairs, is {@link DebianVersionDpkgIT}).
 */
class DebianVersionTest {
    private static final String[][] FROM_DPKG = {
        {"1.0~rc1", "1.0", "-1"}, {"1.0~~", "1.0~", "-1"}, {"1:0.1", "2.0", "1"}, {"1.001", "1.1", "0"},
        {"1.0a", "1.0.", "-1"}, {"1.0-1~bpo12+1", "1.0-1", "-1"}, {"1.0-1", "1.0-1.0", "-1"},
        {"1.0", "1.0-0", "0"}, {"1.", "1.0", "0"}, {"1.0a", "1.0+", "-1"}, {"2.30-1", "2.4-1", "1"},
        {"1.0-a", "1.0-1", "1"}, {"1.2~", "1.1.9", "1"},
    };

    @Test
    void ordersLikeDpkg() {
        for (String[] c : FROM_DPKG) {
            int ours = Integer.signum(DebianVersion.of(c[0]).compareTo(DebianVersion.of(c[1])));
            assertThat(ours).as("%s vs %s", c[0], c[1]).isEqualTo(Integer.parseInt(c[2]));
            assertThat(Integer.signum(DebianVersion.of(c[1]).compareTo(DebianVersion.of(c[0]))))
                    .isEqualTo(-Integer.parseInt(c[2]));
        }
    }

    @Test
    void equalVersionsHashAlike() {
        assertThat(DebianVersion.of("1.001")).isEqualTo(DebianVersion.of("1.1"));
        assertThat(DebianVersion.of("1.001").hashCode()).isEqualTo(DebianVersion.of("1.1").hashCode());
        assertThat(DebianVersion.of("1.0").hashCode()).isEqualTo(DebianVersion.of("1.0-0").hashCode());
        assertThat(DebianVersion.of("0:1.0").hashCode()).isEqualTo(DebianVersion.of("1.0").hashCode());
        assertThat(DebianVersion.of("1.0").hashCode()).isEqualTo(DebianVersion.of("1.").hashCode());
        assertThat(DebianVersion.of("1:2.3-4").toString()).isEqualTo("1:2.3-4");
    }

    @Test
    void parsesParts() throws Exception {
        DebianVersion v = DebianVersion.parse("2:1.0-1-3~bpo1");
        assertThat(v.epoch()).isEqualTo(2);
        assertThat(v.upstream()).isEqualTo("1.0-1");
        assertThat(v.revision()).isEqualTo("3~bpo1");
    }

    @Test
    void rejectsMalformedVersions() {
        for (String bad : new String[] {"", "a1.0", "1.0-", ":1.0", "x:1.0", "1:", "1.0 1", "1.0_1", "1.0-1_2",
            "1:a"}) {
            assertThatThrownBy(() -> DebianVersion.parse(bad)).as(bad).isInstanceOf(VersionFormatException.class)
                    .hasMessageContaining("bad version '" + bad + "'");
        }
    }
}
