package dev.dpm.storage.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.channels.ClosedChannelException;
import org.junit.jupiter.api.Test;

class IoFailuresTest {
    @Test
    void saysWhatHappenedInWords() {
        assertThat(IoFailures.describe(new ConnectException())).isEqualTo("connection refused"); // java.net.http
        assertThat(IoFailures.describe(new ConnectException("Connection refused"))).isEqualTo("connection refused");
        assertThat(IoFailures.describe(new ConnectException("Network is unreachable")))
                .isEqualTo("connection refused (Network is unreachable)");
        assertThat(IoFailures.describe(new UnknownHostException("gw.example"))).isEqualTo("unknown host gw.example");
        assertThat(IoFailures.describe(new SocketTimeoutException("no data for 400 ms")))
                .isEqualTo("timed out: no data for 400 ms");
        assertThat(IoFailures.describe(new ClosedChannelException())).isEqualTo("connection closed");
        assertThat(IoFailures.describe(new IOException("Broken pipe"))).isEqualTo("Broken pipe");
        assertThat(IoFailures.describe(new IOException())).isEqualTo("IOException");
    }
}
