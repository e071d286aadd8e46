package io.mlservice.service;

import io.mlservice.config.Setting;
import io.mlservice.history.CycleOutcome;
import io.mlservice.history.FetchRow;
import io.mlservice.metrics.Scrape;
import io.mlservice.model.TrainingReport;
import io.mlservice.serving.ModelRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * The running service with {@code ML_METRICS_BIND} on loopback: known traffic through the API, then one scrape of
 * the metrics listener with a real HTTP client, read line by line; and without the setting, nothing new anywhere.
 */
class OperatorMetricsEndToEndTest {
    private static final int SIGNED_USER_ITEMS = 5;
    private static final int UNSIGNED_USER_ITEMS = 3;
    private static final int SIGNED_HEALTH_CHECKS = 2;
    private static final String REQUESTS = "mlservice_http_requests_seconds_count";

    @TempDir
    Path root;

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @Test
    void theScrapeCountsKnownTrafficTheCycleItsDownloadsAndEachTenant() throws Exception {
        try (ServiceWithMetrics running = new ServiceWithMetrics(root, "127.0.0.1:0")) {
            MlService service = running.service;
            CycleResult cycle = running.nextCycle();
            assertThat(cycle.outcome()).isEqualTo(CycleOutcome.OK);
            String user = running.users("1").get(0);
            String query = "/user-items?totara_user_id=" + user + "&item_type=engage_article&tenant=1&n_items=5";
            for (int i = 0; i < SIGNED_USER_ITEMS; i++) {
                assertThat(running.signed().get(query).status()).isEqualTo(200);
            }
            for (int i = 0; i < UNSIGNED_USER_ITEMS; i++) {
                assertThat(unsigned(service.baseUri().resolve(query)).statusCode()).isEqualTo(401);
            }
            for (int i = 0; i < SIGNED_HEALTH_CHECKS; i++) {
                assertThat(running.signed().get("/health-check").status()).isEqualTo(200);
            }
            assertThat(unsigned(service.baseUri().resolve("/metrics")).statusCode())
                    .as("the API port keeps /metrics behind the signature").isEqualTo(401);
            assertThat(running.signed().get("/metrics").status()).as("and has no such route").isEqualTo(404);

            URI metrics = service.metricsUri().orElseThrow();
            assertThat(metrics.getPort()).isNotEqualTo(service.port());
            Scrape scrape = Scrape.of(metrics);

            assertThat(scrape.status()).isEqualTo(200);
            assertThat(scrape.contentType()).isEqualTo("text/plain; version=0.0.4; charset=utf-8");
            assertThat(scrape.value(REQUESTS, "endpoint", "/user-items", "outcome", "success"))
                    .isEqualTo(SIGNED_USER_ITEMS);
            assertThat(scrape.value(REQUESTS, "endpoint", "/user-items", "outcome", "unauthorised"))
                    .isEqualTo(UNSIGNED_USER_ITEMS);
            assertThat(scrape.value(REQUESTS, "endpoint", "/user-items", "outcome", "error")).isZero();
            assertThat(scrape.value(REQUESTS, "endpoint", "/health-check", "outcome", "success"))
                    .isEqualTo(SIGNED_HEALTH_CHECKS);
            assertThat(scrape.value(REQUESTS, "endpoint", "other", "outcome", "unauthorised"))
                    .as("the unsigned /metrics on the API port").isEqualTo(1);
            assertThat(scrape.value(REQUESTS, "endpoint", "/similar-items", "outcome", "success")).isZero();
            assertThat(scrape.value("mlservice_http_requests_seconds_bucket", "endpoint", "/user-items",
                    "outcome", "success", "le", "+Inf")).isEqualTo(SIGNED_USER_ITEMS);

            assertThat(scrape.value("mlservice_training_cycles_total", "outcome", "ok")).isEqualTo(1);
            assertThat(scrape.value("mlservice_training_cycles_total", "outcome", "failed")).isZero();
            assertThat(scrape.value("mlservice_training_cycle_duration_seconds_sum", "outcome", "ok"))
                    .isCloseTo(Duration.between(cycle.started(), cycle.finished()).toMillis() / 1000.0,
                            within(0.001));

            List<FetchRow> downloads = service.history().fetches(cycle.id()).stream()
                    .filter(f -> f.httpStatus() == 200).toList();
            assertThat(downloads).isNotEmpty();
            assertThat(scrape.value("mlservice_export_fetch_size_bytes_count")).isEqualTo(downloads.size());
            assertThat(scrape.value("mlservice_export_fetch_size_bytes_sum"))
                    .isEqualTo(downloads.stream().mapToLong(FetchRow::bytes).sum());
            assertThat(scrape.value("mlservice_export_fetch_duration_seconds_count", "status", "200"))
                    .isEqualTo(downloads.size());

            for (ModelRegistry.Entry tenant : service.registry().snapshot().tenants().values()) {
                String t = tenant.tenant();
                TrainingReport report = tenant.model().report();
                assertThat(scrape.value("mlservice_model_trained", "tenant", t)).isEqualTo(1);
                assertThat(scrape.value("mlservice_model_users", "tenant", t))
                        .isEqualTo(tenant.recommender().userCount());
                assertThat(scrape.value("mlservice_model_items", "tenant", t))
                        .isEqualTo(tenant.recommender().itemCount());
                assertThat(scrape.value("mlservice_model_heldout_precision", "tenant", t, "k", "10"))
                        .isCloseTo(report.heldOut().precision(), within(1e-9));
                assertThat(scrape.value("mlservice_model_age_seconds", "tenant", t)).isBetween(0.0, 600.0);
            }
            assertThat(scrape.find("mlservice_model_trained")).hasSize(2);

            assertThat(scrape.find("jvm_memory_used_bytes", "area", "heap")).isNotEmpty();
            assertThat(scrape.names()).contains("jvm_threads_live_threads", "jvm_gc_memory_allocated_bytes_total",
                    "process_cpu_usage", "process_uptime_seconds");
        }
    }

    @Test
    void withoutTheSettingNothingListensAndTheApiIsAsBefore() throws Exception {
        try (ServiceWithMetrics running = new ServiceWithMetrics(root, null)) {
            MlService service = running.service;

            assertThat(service.metricsUri()).isEmpty();
            assertThat(unsigned(service.baseUri().resolve("/metrics")).statusCode()).isEqualTo(401);
            assertThat(running.signed().get("/metrics").status()).isEqualTo(404);
        }
    }

    @Test
    void aNewMetricsAddressAppliesAtTheNextStart() throws Exception {
        try (ServiceWithMetrics running = new ServiceWithMetrics(root, null)) {
            MlService service = running.service;

            MlService.Applied applied = service.apply(service.settings().with(Setting.METRICS_BIND, "127.0.0.1:0"));

            assertThat(applied.needRestart()).containsExactly(Setting.METRICS_BIND.variable());
            assertThat(applied.settings().metricsBind()).as("in force until the restart").isNull();
            assertThat(service.metricsUri()).isEmpty();
        }
    }

    private HttpResponse<String> unsigned(URI uri) throws Exception {
        return http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(5)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
