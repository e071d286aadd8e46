package io.mlservice.api;

import org.eclipse.jetty.io.Connection;
import org.eclipse.jetty.io.ssl.SslConnection;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.Scheduler;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Closes a connection whose next request has not arrived in full within a deadline: from the moment it opens, and
 * again from the end of each answer. The idle timeout alone does not do this: a client that sends one header line
 * every few seconds never idles, and would hold its connection (and the thread reading it) for as long as it
 * likes. Registered on the connector as a connection listener and in the handler tree, where a request arrives
 * only once its headers are complete.
 */
final class HeaderDeadline extends Handler.Wrapper implements Connection.Listener {
    private final Duration deadline;
    private final Scheduler scheduler;
    private final Map<Connection, Scheduler.Task> armed = new ConcurrentHashMap<>();

    HeaderDeadline(Handler next, Duration deadline, Scheduler scheduler) {
        super(next);
        this.deadline = deadline;
        this.scheduler = scheduler;
    }

    @Override
    public void onOpened(Connection connection) {
        // Over TLS the HTTP connection inside opens too, and its deadline covers the handshake; the TLS layer
        // itself never sees a request that would disarm it.
        if (!(connection instanceof SslConnection)) {
            arm(connection);
        }
    }

    @Override
    public void onClosed(Connection connection) {
        disarm(connection);
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
        Connection connection = request.getConnectionMetaData().getConnection();
        disarm(connection);
        Request.addCompletionListener(request, failure -> {
            if (connection.getEndPoint().isOpen()) {
                arm(connection);
            }
        });
        return super.handle(request, response, callback);
    }

    private void arm(Connection connection) {
        Scheduler.Task task = scheduler.schedule(() -> expire(connection), deadline.toMillis(), TimeUnit.MILLISECONDS);
        Scheduler.Task previous = armed.put(connection, task);
        if (previous != null) {
            previous.cancel();
        }
    }

    private void disarm(Connection connection) {
        Scheduler.Task task = armed.remove(connection);
        if (task != null) {
            task.cancel();
        }
    }

    private void expire(Connection connection) {
        if (armed.remove(connection) != null) {
            connection.getEndPoint().close();
        }
    }
}
