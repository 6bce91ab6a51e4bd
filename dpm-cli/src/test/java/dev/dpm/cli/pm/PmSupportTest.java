package dev.dpm.cli.pm;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dpm.cli.ExitCodes;
import dev.dpm.core.DpmException;
import dev.dpm.core.index.IndexException;
import dev.dpm.core.install.LockHeldException;
import dev.dpm.core.pm.DowngradeRefusedException;
import dev.dpm.core.pm.InvalidRequestException;
import dev.dpm.core.pm.PackageNotFoundException;
import dev.dpm.core.publish.PublishException;
import dev.dpm.core.resolve.UnsatisfiableException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Each library failure becomes one line and its own exit code. */
class PmSupportTest {
    private static int code(DpmException e) {
        return PmSupport.error(e).exitCode();
    }

    @Test
    void mapsEachFailureToItsExitCode() {
        assertThat(code(new PackageNotFoundException("x", "no package named x"))).isEqualTo(PmExitCodes.NOT_FOUND);
        assertThat(code(new InvalidRequestException("bad"))).isEqualTo(ExitCodes.INVALID_INPUT);
        assertThat(code(new PublishException(PublishException.Reason.INVALID_MANIFEST, "m"))).isEqualTo(ExitCodes.INVALID_INPUT);
        assertThat(code(new PublishException(PublishException.Reason.NOT_PUBLISHER, "m"))).isEqualTo(ExitCodes.CHAIN);
        assertThat(code(new PublishException(PublishException.Reason.STORAGE, "m"))).isEqualTo(ExitCodes.CONTENT);
        assertThat(code(new UnsatisfiableException(List.of("a 1 depends on b")))).isEqualTo(ExitCodes.UNSATISFIABLE);
        assertThat(code(new DowngradeRefusedException("no"))).isEqualTo(ExitCodes.UNSATISFIABLE);
        assertThat(code(new LockHeldException(Path.of("/r/var/lib/dpm/lock"), 42))).isEqualTo(ExitCodes.LOCKED);
        assertThat(code(new IndexException("rollback"))).isEqualTo(ExitCodes.CHAIN);
        assertThat(code(new DpmException("other"))).isEqualTo(ExitCodes.FAILURE);
    }

    @Test
    void messagesAreOneLine() {
        assertThat(PmSupport.error(new DpmException("two\nlines")).getMessage()).isEqualTo("two lines");
    }
}
