package io.mlservice.metrics;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.mlservice.api.RequestObserver;
import io.mlservice.config.BindAddress;
import io.mlservice.serving.ModelRegistry;

import java.io.IOException;
import java.net.URI;
import java.time.Clock;
import java.util.Optional;

/**
 * The service's metrics for operators: the API's requests, training cycles and export fetches, the served tenants,
 * and the JVM's memory, garbage collection, threads and processor, scraped by Prometheus from a listener of their
 * own. Off unless {@code ML_METRICS_BIND} is set: then nothing is measured or listened on, and the API's surface
 * is the same as without this class.
 */
public final class OperatorMetrics implements AutoCloseable {
    private final RequestObserver requests;
    private final TrainingMeters training;
    private final MetricsServer server;
    private final JvmGcMetrics gc;

    private OperatorMetrics(RequestObserver requests, TrainingMeters training, MetricsServer server, JvmGcMetrics gc) {
        this.requests = requests;
        this.training = training;
        this.server = server;
        this.gc = gc;
    }

    /**
     * The metrics listening on {@code bind} once {@link #start started}; off when {@code bind} is null.
     *
     * @param models the served tenants, read at each scrape
     */
    public static OperatorMetrics of(BindAddress bind, ModelRegistry models, Clock clock) {
        if (bind == null) {
            // an empty composite registry makes meters that record nothing: the callers need not ask
            return new OperatorMetrics(RequestObserver.NONE, new TrainingMeters(new CompositeMeterRegistry()), null,
                    null);
        }
        PrometheusMeterRegistry meters = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        JvmGcMetrics gc = bindJvm(meters);
        TenantGauges tenants = new TenantGauges(meters, models, clock);
        MetricsPage page = new MetricsPage(() -> {
            tenants.refresh();
            return meters.scrape();
        });
        return new OperatorMetrics(new RequestMeters(meters), new TrainingMeters(meters), new MetricsServer(bind, page),
                gc);
    }

    /** Where the API reports each request it counts. */
    public RequestObserver requests() {
        return requests;
    }

    /** Where the training reports its cycles and export fetches. */
    public TrainingMeters training() {
        return training;
    }

    /** Starts listening, when on. */
    public void start() throws IOException {
        if (server != null) {
            server.start();
        }
    }

    /** Where Prometheus on this machine scrapes, e.g. {@code http://127.0.0.1:9464/metrics}; empty when off. */
    public Optional<URI> uri() {
        return server == null ? Optional.empty() : Optional.of(server.uri());
    }

    /** Stops listening and watching the garbage collector; safe to call more than once. */
    @Override
    public void close() {
        if (server != null) {
            server.stop();
        }
        if (gc != null) {
            gc.close();
        }
    }

    /** The JVM's series ({@code jvm_*}, {@code process_*}, {@code system_*}), named as every JVM dashboard expects. */
    private static JvmGcMetrics bindJvm(MeterRegistry meters) {
        new JvmMemoryMetrics().bindTo(meters);
        new JvmThreadMetrics().bindTo(meters);
        new ProcessorMetrics().bindTo(meters);
        new UptimeMetrics().bindTo(meters);
        JvmGcMetrics gc = new JvmGcMetrics();
        gc.bindTo(meters);
        return gc;
    }
}
