package io.mlservice.metrics;

import io.mlservice.api.ApiMetrics;
import io.mlservice.api.RequestObserver;
import io.mlservice.config.BindAddress;
import io.mlservice.history.CycleOutcome;
import io.mlservice.serving.ModelRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/** The metrics listener on loopback, read over real HTTP after known counts went through the API's recording point. */
class OperatorMetricsTest {
    private static final BindAddress LOOPBACK_ANY_PORT = new BindAddress("127.0.0.1", 0);
    private static final long MILLIS_3 = Duration.ofMillis(3).toNanos();

    private final Clock clock = Clock.systemUTC();
    private final ModelRegistry models = new ModelRegistry();
    private final List<OperatorMetrics> started = new ArrayList<>();

    @AfterEach
    void stop() {
        started.forEach(OperatorMetrics::close);
    }

    @Test
    void countsTheApisRequestsByEndpointAndOutcomeWithLatencyBuckets() throws Exception {
        OperatorMetrics metrics = start(LOOPBACK_ANY_PORT);
        ApiMetrics api = new ApiMetrics(clock, metrics.requests());
        for (int i = 0; i < 4; i++) {
            api.record(ApiMetrics.USER_ITEMS, 200, true, MILLIS_3, i == 0);
        }
        api.record(ApiMetrics.USER_ITEMS, 200, false, MILLIS_3, false);
        api.record(ApiMetrics.SIMILAR_ITEMS, 400, MILLIS_3, false);
        api.refused(ApiMetrics.UNAUTHORISED, "/user-items", 401, MILLIS_3, "test");
        api.refused(ApiMetrics.UNAUTHORISED, "/user-items", 401, MILLIS_3, "test");
        api.refused(ApiMetrics.UNAUTHORISED, "/wp-login.php", 401, MILLIS_3, "test");
        api.refused(ApiMetrics.OVERLOADED, "/health-check", 503, MILLIS_3, "test");

        Scrape scrape = Scrape.of(metrics.uri().orElseThrow());

        assertThat(scrape.status()).isEqualTo(200);
        assertThat(scrape.contentType()).isEqualTo("text/plain; version=0.0.4; charset=utf-8");
        String requests = "mlservice_http_requests_seconds_count";
        assertThat(scrape.value(requests, "endpoint", "/user-items", "outcome", "success")).isEqualTo(4);
        assertThat(scrape.value(requests, "endpoint", "/user-items", "outcome", "error")).isEqualTo(1);
        assertThat(scrape.value(requests, "endpoint", "/user-items", "outcome", "unauthorised")).isEqualTo(2);
        assertThat(scrape.value(requests, "endpoint", "/similar-items", "outcome", "error")).isEqualTo(1);
        assertThat(scrape.value(requests, "endpoint", "other", "outcome", "unauthorised")).isEqualTo(1);
        assertThat(scrape.value(requests, "endpoint", "/health-check", "outcome", "overloaded")).isEqualTo(1);
        assertThat(scrape.value(requests, "endpoint", "/health-check", "outcome", "success"))
                .as("every series exists from the start").isZero();
        assertThat(scrape.value("mlservice_http_requests_seconds_bucket", "endpoint", "/user-items",
                "outcome", "success", "le", "0.0025")).isZero();
        assertThat(scrape.value("mlservice_http_requests_seconds_bucket", "endpoint", "/user-items",
                "outcome", "success", "le", "0.005")).isEqualTo(4);
        assertThat(scrape.value("mlservice_http_requests_seconds_bucket", "endpoint", "/user-items",
                "outcome", "success", "le", "+Inf")).isEqualTo(4);
        assertThat(scrape.value("mlservice_http_requests_seconds_sum", "endpoint", "/user-items",
                "outcome", "success")).isCloseTo(0.012, within(1e-9));
        assertThat(scrape.value("mlservice_http_cold_starts_total", "endpoint", "/user-items")).isEqualTo(1);
        assertThat(api.live(clock.instant()).of(ApiMetrics.UNAUTHORISED)).extracting(m -> m.requests())
                .as("the per-minute counts are fed by the same calls").contains(3L);
    }

    @Test
    void countsCyclesByOutcomeAndExportDownloads() throws Exception {
        OperatorMetrics metrics = start(LOOPBACK_ANY_PORT);
        metrics.training().cycleFinished(CycleOutcome.OK, Duration.ofSeconds(42));
        metrics.training().cycleFinished(CycleOutcome.FAILED, Duration.ofSeconds(3));
        metrics.training().exportFetched(200, 1_000, 120);
        metrics.training().exportFetched(200, 234, 30);
        metrics.training().exportFetched(202, 0, 5);
        metrics.training().exportFetched(0, 0, 7);

        Scrape scrape = Scrape.of(metrics.uri().orElseThrow());

        assertThat(scrape.value("mlservice_training_cycles_total", "outcome", "ok")).isEqualTo(1);
        assertThat(scrape.value("mlservice_training_cycles_total", "outcome", "failed")).isEqualTo(1);
        assertThat(scrape.value("mlservice_training_cycles_total", "outcome", "partial")).isZero();
        assertThat(scrape.value("mlservice_training_cycles_total", "outcome", "cancelled")).isZero();
        assertThat(scrape.value("mlservice_training_cycle_duration_seconds_sum", "outcome", "ok")).isEqualTo(42);
        assertThat(scrape.value("mlservice_training_cycle_duration_seconds_bucket", "outcome", "ok", "le", "60.0"))
                .isEqualTo(1);
        assertThat(scrape.value("mlservice_export_fetch_size_bytes_sum")).isEqualTo(1_234);
        assertThat(scrape.value("mlservice_export_fetch_size_bytes_count")).isEqualTo(2);
        assertThat(scrape.value("mlservice_export_fetch_duration_seconds_count", "status", "200")).isEqualTo(2);
        assertThat(scrape.value("mlservice_export_fetch_duration_seconds_sum", "status", "200")).isEqualTo(0.15);
        assertThat(scrape.value("mlservice_export_fetch_duration_seconds_count", "status", "202")).isEqualTo(1);
        assertThat(scrape.value("mlservice_export_fetch_duration_seconds_count", "status", "none")).isEqualTo(1);
    }

    @Test
    void showsEachServedTenantAndTheJvm() throws Exception {
        OperatorMetrics metrics = start(LOOPBACK_ANY_PORT);
        models.swap(ModelRegistry.Entry.untrained("7", "too little data", Instant.now()));

        Scrape scrape = Scrape.of(metrics.uri().orElseThrow());

        assertThat(scrape.value("mlservice_model_trained", "tenant", "7")).isZero();
        assertThat(scrape.find("mlservice_model_users", "tenant", "7")).as("no model, no size").isEmpty();
        assertThat(scrape.names()).contains("jvm_memory_used_bytes", "jvm_memory_max_bytes",
                "jvm_threads_live_threads", "jvm_threads_states_threads", "jvm_gc_memory_allocated_bytes_total",
                "process_cpu_usage", "system_cpu_count", "process_uptime_seconds");
        assertThat(scrape.find("jvm_memory_used_bytes", "area", "heap")).isNotEmpty();

        models.remove("7");
        assertThat(Scrape.of(metrics.uri().orElseThrow()).find("mlservice_model_trained", "tenant", "7"))
                .as("a tenant no longer served disappears").isEmpty();
    }

    @Test
    void answersOnlyGetMetrics() throws Exception {
        OperatorMetrics metrics = start(LOOPBACK_ANY_PORT);
        URI page = metrics.uri().orElseThrow();
        HttpClient client = HttpClient.newHttpClient();

        HttpResponse<String> other = client.send(HttpRequest.newBuilder(page.resolve("/user-items")).build(),
                HttpResponse.BodyHandlers.ofString());
        HttpResponse<String> post = client.send(HttpRequest.newBuilder(page)
                .POST(HttpRequest.BodyPublishers.ofString("x")).build(), HttpResponse.BodyHandlers.ofString());

        assertThat(page.getPath()).isEqualTo("/metrics");
        assertThat(other.statusCode()).isEqualTo(404);
        assertThat(post.statusCode()).isEqualTo(405);
        assertThat(post.headers().firstValue("Allow")).contains("GET");
    }

    @Test
    void offListensOnNothingAndRecordsNothing() throws IOException {
        OperatorMetrics metrics = start(null);

        assertThat(metrics.uri()).isEmpty();
        assertThat(metrics.requests()).isSameAs(RequestObserver.NONE);
        metrics.training().cycleFinished(CycleOutcome.OK, Duration.ofSeconds(1));
        metrics.training().exportFetched(200, 10, 1);
    }

    @Test
    void aTakenPortIsOneLineNamingTheSetting() throws IOException {
        OperatorMetrics first = start(LOOPBACK_ANY_PORT);
        OperatorMetrics second = OperatorMetrics.of(new BindAddress("127.0.0.1", first.uri().orElseThrow().getPort()),
                models, clock);
        started.add(second);

        assertThatThrownBy(second::start).isInstanceOf(IOException.class)
                .hasMessageStartingWith("cannot listen for metrics on 127.0.0.1:")
                .hasMessageContaining("ML_METRICS_BIND");
    }

    private OperatorMetrics start(BindAddress bind) throws IOException {
        OperatorMetrics metrics = OperatorMetrics.of(bind, models, clock);
        started.add(metrics);
        metrics.start();
        return metrics;
    }
}
