package dev.dpm.storage.internal;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.eclipse.jetty.io.Connection;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.Scheduler;

/**
 * Wraps the node's handler to know which connections are between requests, and, registered as the
 * connector's {@link Connection.Listener}, closes idle keep-alive connections when the node reaches
 * its connection limit ({@link IdleEviction} says which), so a new client is admitted at once
 * instead of waiting in the accept backlog until some idle connection times out. Register {@link
 * #connectionListener()} with the connector ({@code addEventListener}). While the node
 * stays full with nothing idle to close, it looks again every {@value #RECHECK_MILLIS} ms.
 */
public final class IdleEvictingHandler extends Handler.Wrapper {
    static final long RECHECK_MILLIS = 50;
    /** A connection answered this recently may still be sending its last response. */
    static final long MIN_IDLE_NANOS = TimeUnit.MILLISECONDS.toNanos(20);

    private final IdleEviction<Connection> eviction;
    private final Scheduler scheduler;
    private final AtomicBoolean recheckPending = new AtomicBoolean();

    public IdleEvictingHandler(Handler handler, int maxConnections, Scheduler scheduler) {
        super(handler);
        this.eviction = new IdleEviction<>(maxConnections, MIN_IDLE_NANOS);
        this.scheduler = scheduler;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
        Connection c = request.getConnectionMetaData().getConnection();
        eviction.busy(c);
        Callback done = Callback.from(callback, () -> eviction.idle(c, System.nanoTime()));
        try {
            if (super.handle(request, response, done)) {
                return true;
            }
        } catch (Throwable t) {
            eviction.idle(c, System.nanoTime());
            throw t;
        }
        eviction.idle(c, System.nanoTime());
        return false;
    }

    /** The listener to add to the connector: it sees every connection opened and closed. */
    public Connection.Listener connectionListener() {
        return new Connection.Listener() {
            @Override
            public void onOpened(Connection connection) {
                eviction.opened(connection, System.nanoTime());
                evict();
            }

            @Override
            public void onClosed(Connection connection) {
                eviction.closed(connection);
            }
        };
    }

    /**
     * Closes every connection that has no request in progress: a stopping node would otherwise wait
     * its whole stop timeout for the keep-alive connections clients hold idle (fetchers keep them 20 s).
     */
    public void closeIdle() {
        for (Connection c : eviction.idleNow()) {
            c.getEndPoint().close();
        }
    }

    private void evict() {
        for (Connection c : eviction.evict(System.nanoTime())) {
            c.getEndPoint().close();
        }
        if (eviction.stillFull() && recheckPending.compareAndSet(false, true)) {
            scheduler.schedule(() -> {
                recheckPending.set(false);
                evict();
            }, RECHECK_MILLIS, TimeUnit.MILLISECONDS);
        }
    }
}
