package io.mlservice.api;

import io.mlservice.config.BindAddress;
import io.mlservice.config.ServiceSettings;
import io.mlservice.config.TlsFileException;
import io.mlservice.config.TlsFiles;
import io.mlservice.serving.ModelRegistry;
import org.eclipse.jetty.http.HttpVersion;
import org.eclipse.jetty.http.pathmap.ServletPathSpec;
import org.eclipse.jetty.server.ConnectionFactory;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.NetworkConnectionLimit;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.server.handler.ContextHandler;
import org.eclipse.jetty.server.handler.GracefulHandler;
import org.eclipse.jetty.server.handler.PathMappingsHandler;
import org.eclipse.jetty.server.handler.StatisticsHandler;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.BindException;
import java.net.URI;
import java.nio.channels.UnresolvedAddressException;
import java.time.Clock;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The HTTP API Totara calls, on embedded Jetty: {@code /user-items}, {@code /similar-items} and
 * {@code /health-check} behind Totara's signature, the status page {@code /} and {@code /favicon.ico} open.
 * Settings that shape answers (key, development mode, cold start, seen rule, item cap) are read on every request,
 * so a settings change applies without a restart; a new listen address or new TLS files need a new server. With
 * TLS files ({@code ML_TLS_*}) it serves HTTPS only ({@link ServerTls}), else plain HTTP.
 */
public final class ApiServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ApiServer.class);

    static final int MAX_THREADS = 32;
    static final int MIN_THREADS = 4;
    static final Duration IDLE_TIMEOUT = Duration.ofSeconds(30);
    static final int MAX_REQUEST_HEADER_BYTES = 8 * 1024;
    static final int MAX_RESPONSE_HEADER_BYTES = 8 * 1024;
    static final Duration STOP_TIMEOUT = Duration.ofSeconds(5);
    /** While stopping, a kept-alive connection with no request in flight is closed after this long. */
    static final Duration SHUTDOWN_IDLE_TIMEOUT = Duration.ofMillis(100);
    /**
     * Recommendation queries are pure computation: more of them at once than about two per core only lengthens
     * each one. The rest wait briefly in a short queue; Totara gives up after 2 s anyway.
     */
    static final int MAX_CONCURRENT_QUERIES = Math.max(4, 2 * Runtime.getRuntime().availableProcessors());
    static final int MAX_QUEUED_QUERIES = 128;
    static final Duration MAX_QUEUE_WAIT = Duration.ofSeconds(1);
    /** Health checks wait on Totara's answer; a few at once are plenty and leave the queries their threads. */
    static final int MAX_CONCURRENT_HEALTH_CHECKS = 4;
    static final int MAX_QUEUED_HEALTH_CHECKS = 32;
    /** A connection whose next request has not fully arrived within this long is closed (slow clients). */
    static final Duration HEADER_DEADLINE = Duration.ofSeconds(10);
    /** Open connections beyond this wait in the operating system's backlog until one closes. */
    static final int MAX_CONNECTIONS = 512;

    private final Supplier<ServiceSettings> settings;
    private final ModelRegistry registry;
    private final ServiceStatus status;
    private final ApiMetrics metrics;
    private final Clock clock;
    private final Duration headerDeadline;
    private Server server;
    private ServerConnector connector;
    private ServerTls tls;
    private StatisticsHandler statistics;
    private BindAddress bound;

    public ApiServer(Supplier<ServiceSettings> settings, ModelRegistry registry, ServiceStatus status,
                     ApiMetrics metrics, Clock clock) {
        this(settings, registry, status, metrics, clock, HEADER_DEADLINE);
    }

    /** With another header deadline than {@link #HEADER_DEADLINE} (tests). */
    ApiServer(Supplier<ServiceSettings> settings, ModelRegistry registry, ServiceStatus status, ApiMetrics metrics,
              Clock clock, Duration headerDeadline) {
        this.headerDeadline = headerDeadline;
        this.settings = settings;
        this.registry = registry;
        this.status = status;
        this.metrics = metrics;
        this.clock = clock;
    }

    /**
     * Listens on the settings' bind address (port 0: any free port), over HTTPS when the settings name TLS files. A
     * port in use, an address that is not this machine's, a port that needs privileges or a host name that does not
     * resolve ends in an {@link AddressUnusableException}; a certificate that cannot serve, or anything else, in an
     * {@link IOException}; each with one line saying so.
     */
    public synchronized void start() throws IOException {
        if (server != null) {
            throw new IllegalStateException("the API server was already started; create a new one to listen again");
        }
        BindAddress bind = settings.get().bind();
        QueuedThreadPool threads = new QueuedThreadPool(MAX_THREADS, MIN_THREADS, (int) IDLE_TIMEOUT.toMillis());
        threads.setName("api");
        Server created = new Server(threads);
        ServerTls secure = serverTls(settings.get().tls(), created, bind);
        ServerConnector listening = connector(created, bind, secure);
        created.addConnector(listening);
        created.addBean(new NetworkConnectionLimit(MAX_CONNECTIONS, listening));
        HeaderDeadline deadline = new HeaderDeadline(handlers(), headerDeadline, listening.getScheduler());
        listening.addBean(deadline);
        created.setHandler(new SecurityHeaders(deadline));
        created.setErrorHandler(new JsonErrorHandler());
        created.setStopTimeout(STOP_TIMEOUT.toMillis());
        created.setStopAtShutdown(false);
        try {
            created.start();
        } catch (Exception e) {
            stopQuietly(created);
            String message = "cannot listen on " + bind + ": " + reason(e);
            // one line for the administrator: the cause is in the reason
            throw addressProblem(e) ? new AddressUnusableException(message) : new IOException(message);
        }
        server = created;
        connector = listening;
        tls = secure;
        bound = bind.withPort(listening.getLocalPort());
        LOG.info("API listening on {}{}", bound, secure == null ? "" : " (HTTPS)");
    }

    /** The port listened on (the chosen one when the settings said 0). */
    public synchronized int port() {
        requireStarted();
        return connector.getLocalPort();
    }

    /** Where a client on this machine reaches the API, e.g. {@code http://127.0.0.1:5000/} or {@code https://…}. */
    public synchronized URI baseUri() {
        requireStarted();
        return bound.localUri(tls == null ? "http" : "https");
    }

    /** Requests being answered right now. */
    public synchronized int activeRequests() {
        return statistics == null ? 0 : statistics.getRequestsActive();
    }

    /**
     * Stops accepting connections, lets the requests in flight finish (up to {@link #STOP_TIMEOUT}), then
     * stops. Safe to call more than once.
     */
    public synchronized void stop() {
        if (server == null || server.isStopped()) {
            return;
        }
        try {
            server.stop();
            LOG.info("API stopped listening on {}", bound);
        } catch (Exception e) {
            LOG.warn("API on {} did not stop cleanly: {}", bound, e.toString());
        }
    }

    @Override
    public void close() {
        stop();
    }

    /**
     * The handler tree: security headers and the header deadline outermost (see {@link #start}), then graceful
     * shutdown, request statistics, the root context, the routes. {@code /} and {@code /favicon.ico} are open;
     * every other path passes the signature check, then a bound on concurrent recommendation queries and another
     * on concurrent health checks, then its route; unknown paths answer 404 once signed.
     */
    Handler handlers() {
        PathMappingsHandler signedRoutes = new PathMappingsHandler();
        signedRoutes.addMapping(new ServletPathSpec("/health-check"),
                new HealthCheckRoute(metrics, registry, status, clock));
        signedRoutes.addMapping(new ServletPathSpec("/user-items"), new UserItemsRoute(metrics, settings, registry));
        signedRoutes.addMapping(new ServletPathSpec("/similar-items"),
                new SimilarItemsRoute(metrics, settings, registry));
        signedRoutes.addMapping(new ServletPathSpec("/"), new NotFound());

        RequestLimit queryLimit = new RequestLimit(signedRoutes, metrics, MAX_CONCURRENT_QUERIES, MAX_QUEUED_QUERIES,
                MAX_QUEUE_WAIT, "/user-items", "/similar-items");
        RequestLimit healthCheckLimit = new RequestLimit(queryLimit, metrics, MAX_CONCURRENT_HEALTH_CHECKS,
                MAX_QUEUED_HEALTH_CHECKS, MAX_QUEUE_WAIT, "/health-check");

        PathMappingsHandler routes = new PathMappingsHandler();
        routes.addMapping(new ServletPathSpec(""), new HomePage(registry, status, clock));
        routes.addMapping(new ServletPathSpec("/favicon.ico"), new Favicon());
        routes.addMapping(new ServletPathSpec("/"), new SignatureCheck(healthCheckLimit, settings, metrics, clock));

        // Jetty's path matching (the mappings, the QoS path filter) works within a context: the API is the root one.
        ContextHandler root = new ContextHandler(routes, "/");
        root.setDisplayName("ml-service api");
        statistics = new StatisticsHandler(root);
        GracefulHandler graceful = new GracefulHandler(statistics);
        graceful.setShutdownIdleTimeout(SHUTDOWN_IDLE_TIMEOUT.toMillis());
        return graceful;
    }

    /** The TLS of these files, watched by the server's scheduler while it runs; null for plain HTTP. */
    private static ServerTls serverTls(Optional<TlsFiles> files, Server server, BindAddress bind)
            throws IOException {
        if (files.isEmpty()) {
            return null;
        }
        try {
            ServerTls tls = new ServerTls(files.get(), server.getScheduler());
            server.addBean(tls);
            return tls;
        } catch (TlsFileException e) {
            throw new IOException("cannot serve HTTPS on " + bind + ": " + e.getMessage(), e);
        }
    }

    private static ServerConnector connector(Server server, BindAddress bind, ServerTls tls) {
        HttpConfiguration http = new HttpConfiguration();
        http.setRequestHeaderSize(MAX_REQUEST_HEADER_BYTES);
        http.setResponseHeaderSize(MAX_RESPONSE_HEADER_BYTES);
        http.setSendServerVersion(false);
        http.setSendXPoweredBy(false);
        ConnectionFactory[] protocols;
        if (tls == null) {
            protocols = new ConnectionFactory[] {new HttpConnectionFactory(http)};
        } else {
            // One certificate: a client gets it whatever name it asked for and checks the name itself.
            http.addCustomizer(new SecureRequestCustomizer(false, false, -1, false));
            protocols = new ConnectionFactory[] {
                new SslConnectionFactory(tls.factory(), HttpVersion.HTTP_1_1.asString()),
                new HttpConnectionFactory(http)};
        }
        ServerConnector connector = new ServerConnector(server, 1, 1, protocols);
        connector.setHost(bind.host());
        connector.setPort(bind.port());
        connector.setIdleTimeout(IDLE_TIMEOUT.toMillis());
        return connector;
    }

    private static boolean addressProblem(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof BindException || t instanceof UnresolvedAddressException) {
                return true;
            }
        }
        return false;
    }

    private static String reason(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof BindException bind) {
                String message = String.valueOf(bind.getMessage()).toLowerCase(Locale.ROOT);
                if (message.contains("in use")) {
                    return "the port is in use";
                }
                if (message.contains("assign") || message.contains("not available")) {
                    return "the address does not belong to this machine";
                }
                if (message.contains("permission") || message.contains("access")) {
                    return "no permission to use the port";
                }
                return bind.getMessage();
            }
            if (t instanceof UnresolvedAddressException) {
                return "the host name does not resolve";
            }
        }
        return failure.getMessage() != null ? failure.getMessage() : failure.getClass().getSimpleName();
    }

    private static void stopQuietly(Server server) {
        try {
            server.stop();
        } catch (Exception e) {
            LOG.debug("stopping a server that failed to start", e);
        }
    }

    private void requireStarted() {
        if (server == null) {
            throw new IllegalStateException("the API server has not been started");
        }
    }
}
