package dev.dpm.core.publish;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dpm.chain.tx.TransactionRevertedException;
import org.junit.jupiter.api.Test;

/** The contract's revert words map to the same reasons as the pre-flight checks. */
class PublisherTest {
    private static PublishException revert(String reason) {
        return Publisher.fromRevert("foo@1.0", new TransactionRevertedException("publish foo@1.0", "0xabc", 7, reason));
    }

    @Test
    void mapsTheRegistrysRevertReasons() {
        assertThat(revert("0x90f79bf6eb2c4f870365e785982e1f101e93b906 is not a publisher").reason())
                .isEqualTo(PublishException.Reason.NOT_PUBLISHER);
        assertThat(revert("0x90f79bf6eb2c4f870365e785982e1f101e93b906 is not a maintainer of foo").reason())
                .isEqualTo(PublishException.Reason.NOT_MAINTAINER);
        assertThat(revert("foo@1.0 already published").reason()).isEqualTo(PublishException.Reason.VERSION_EXISTS);
        assertThat(revert("manifest of foo@1.0 does not match its CID").reason())
                .isEqualTo(PublishException.Reason.INVALID_MANIFEST);
        PublishException e = revert("foo@1.0 already published");
        assertThat(e.getMessage()).contains("foo@1.0 already published").contains("0xabc");
    }
}
