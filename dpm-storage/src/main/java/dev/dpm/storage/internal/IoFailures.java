package dev.dpm.storage.internal;

import java.io.IOException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.channels.ClosedChannelException;
import java.util.Locale;

/** Network failures in words for the user ("connection refused"), not an exception's class name. */
public final class IoFailures {
    private IoFailures() {
    }

    /** What went wrong talking to a peer; the JDK's messages are kept where they say more. */
    public static String describe(IOException e) {
        String m = e.getMessage();
        if (e instanceof ConnectException) { // java.net.http reports a refused connection without a message
            return "connection refused" + (m == null || m.toLowerCase(Locale.ROOT).contains("refused") ? "" : " (" + m + ")");
        }
        if (e instanceof UnknownHostException) {
            return "unknown host " + m;
        }
        if (e instanceof SocketTimeoutException) {
            return "timed out" + (m == null ? "" : ": " + m);
        }
        if (e instanceof ClosedChannelException) {
            return "connection closed";
        }
        return m == null ? e.getClass().getSimpleName() : m;
    }
}
