package io.mlservice.metrics;

import io.mlservice.config.BindAddress;
import io.mlservice.config.Setting;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.NetworkConnectionLimit;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.URI;
import java.time.Duration;

/**
 * The listener Prometheus scrapes: a Jetty server of its own, apart from the API's, so that scrapes never take the
 * API's threads or connections and the API's bounds on requests in flight never turn a scrape away. Its own limits
 * are small: one scraper (or two, for a redundant Prometheus) every few seconds is all it serves.
 */
final class MetricsServer {
    private static final Logger LOG = LoggerFactory.getLogger(MetricsServer.class);

    static final int MAX_THREADS = 6;
    static final int MIN_THREADS = 2;
    static final int MAX_CONNECTIONS = 16;
    static final Duration IDLE_TIMEOUT = Duration.ofSeconds(30);
    static final int MAX_REQUEST_HEADER_BYTES = 8 * 1024;
    static final Duration STOP_TIMEOUT = Duration.ofSeconds(2);

    private final BindAddress bind;
    private final Handler page;
    private Server server;
    private BindAddress bound;

    MetricsServer(BindAddress bind, Handler page) {
        this.bind = bind;
        this.page = page;
    }

    /** Listens (port 0: any free port); a port in use ends in an {@link IOException} naming the address. */
    synchronized void start() throws IOException {
        if (server != null) {
            throw new IllegalStateException("the metrics listener was already started");
        }
        QueuedThreadPool threads = new QueuedThreadPool(MAX_THREADS, MIN_THREADS, (int) IDLE_TIMEOUT.toMillis());
        threads.setName("metrics");
        threads.setReservedThreads(0);
        Server created = new Server(threads);
        ServerConnector connector = connector(created);
        created.addConnector(connector);
        created.addBean(new NetworkConnectionLimit(MAX_CONNECTIONS, connector));
        created.setHandler(page);
        created.setStopTimeout(STOP_TIMEOUT.toMillis());
        created.setStopAtShutdown(false);
        try {
            created.start();
        } catch (Exception e) {
            stopQuietly(created);
            throw new IOException("cannot listen for metrics on " + bind + " (" + Setting.METRICS_BIND.variable()
                    + "): " + rootMessage(e), e);
        }
        server = created;
        bound = bind.withPort(connector.getLocalPort());
        LOG.info("Metrics for Prometheus at {}", uri());
    }

    /** Where a client on this machine scrapes, e.g. {@code http://127.0.0.1:9464/metrics}. */
    synchronized URI uri() {
        if (bound == null) {
            throw new IllegalStateException("the metrics listener has not been started");
        }
        return bound.localUri().resolve(MetricsPage.PATH.substring(1));
    }

    /** Stops listening; safe to call more than once. */
    synchronized void stop() {
        if (server != null && !server.isStopped()) {
            stopQuietly(server);
            LOG.info("Metrics listener on {} stopped", bound);
        }
    }

    private ServerConnector connector(Server server) {
        HttpConfiguration http = new HttpConfiguration();
        http.setRequestHeaderSize(MAX_REQUEST_HEADER_BYTES);
        http.setSendServerVersion(false);
        http.setSendXPoweredBy(false);
        ServerConnector connector = new ServerConnector(server, 1, 1, new HttpConnectionFactory(http));
        connector.setHost(bind.host());
        connector.setPort(bind.port());
        connector.setIdleTimeout(IDLE_TIMEOUT.toMillis());
        return connector;
    }

    private static String rootMessage(Throwable failure) {
        Throwable root = failure;
        while (root.getCause() != null) {
            root = root.getCause();
        }
        return root.getMessage() != null ? root.getMessage() : root.getClass().getSimpleName();
    }

    private static void stopQuietly(Server server) {
        try {
            server.stop();
        } catch (Exception e) {
            LOG.warn("the metrics listener did not stop cleanly: {}", e.toString());
        }
    }
}
