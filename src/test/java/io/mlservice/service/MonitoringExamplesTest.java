package io.mlservice.service;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.mlservice.history.CycleOutcome;
import io.mlservice.metrics.Scrape;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The monitoring examples an operator copies: {@code deploy/prometheus/prometheus.yml} and
 * {@code deploy/grafana/ml-service-dashboard.json} read as Prometheus and Grafana read them, and every series the
 * dashboard queries found in a live scrape of a service that has trained.
 */
class MonitoringExamplesTest {
    private static final Path SCRAPE_CONFIG = Path.of("deploy", "prometheus", "prometheus.yml");
    private static final Path DASHBOARD = Path.of("deploy", "grafana", "ml-service-dashboard.json");
    /** The port the documentation and the examples use for {@code ML_METRICS_BIND}. */
    private static final String METRICS_PORT = "9464";
    private static final Pattern SERIES = Pattern.compile("\\b(?:mlservice|jvm|process|system)_[a-zA-Z0-9_]+");

    @TempDir
    Path root;

    @Test
    void theScrapeConfigScrapesTheMetricsListener() throws IOException {
        JsonNode config = new YAMLMapper().readTree(SCRAPE_CONFIG.toFile());

        assertThat(config.path("global").path("scrape_interval").asText()).matches("\\d+[smh]");
        JsonNode jobs = config.path("scrape_configs");
        assertThat(jobs.isArray()).isTrue();
        JsonNode job = jobs.get(0);
        assertThat(job.path("job_name").asText()).isEqualTo("ml-service");
        assertThat(job.path("metrics_path").asText()).isEqualTo("/metrics");
        assertThat(job.path("scheme").asText()).isEqualTo("http");
        List<String> targets = new ArrayList<>();
        job.path("static_configs").forEach(c -> c.path("targets").forEach(t -> targets.add(t.asText())));
        assertThat(targets).isNotEmpty().allMatch(t -> t.matches("[\\w.-]+:" + METRICS_PORT));
    }

    @Test
    void theDashboardIsGrafanaJsonWithThePanelsAnOperatorNeeds() throws IOException {
        JsonNode dashboard = new ObjectMapper().readTree(DASHBOARD.toFile());

        assertThat(dashboard.path("uid").asText()).isEqualTo("ml-service");
        assertThat(dashboard.path("schemaVersion").asInt()).isPositive();
        Set<Integer> ids = new HashSet<>();
        List<String> exprs = new ArrayList<>();
        for (JsonNode panel : dashboard.path("panels")) {
            assertThat(ids.add(panel.path("id").asInt())).as("panel ids are unique").isTrue();
            JsonNode grid = panel.path("gridPos");
            assertThat(grid.path("x").asInt() + grid.path("w").asInt()).as(panel.path("title").asText())
                    .isBetween(1, 24);
            if (panel.path("type").asText().equals("row")) {
                continue;
            }
            assertThat(panel.path("datasource").path("uid").asText()).isEqualTo("${datasource}");
            assertThat(panel.path("targets")).as(panel.path("title").asText()).isNotEmpty();
            panel.path("targets").forEach(t -> exprs.add(t.path("expr").asText()));
        }
        assertThat(exprs).allSatisfy(e -> assertThat(SERIES.matcher(e).find()).as(e).isTrue());
        String all = String.join("\n", exprs);
        assertThat(all).as("request rate").contains("rate(mlservice_http_requests_seconds_count")
                .as("errors, refusals and 503s").contains("outcome!=\"success\"")
                .as("latency percentiles from the histogram").contains("histogram_quantile(0.5,")
                .contains("histogram_quantile(0.99,").contains("mlservice_http_requests_seconds_bucket")
                .as("cycle outcomes").contains("mlservice_training_cycles_total")
                .as("model age per tenant").contains("mlservice_model_age_seconds")
                .as("heap").contains("jvm_memory_used_bytes{instance=~\"$instance\", area=\"heap\"}");
    }

    @Test
    void everySeriesTheDashboardQueriesIsOneTheServiceExports() throws Exception {
        Set<String> queried = new TreeSet<>();
        JsonNode dashboard = new ObjectMapper().readTree(DASHBOARD.toFile());
        dashboard.findValues("expr").forEach(e -> queried.addAll(series(e.asText())));
        dashboard.path("templating").path("list").forEach(v -> queried.addAll(series(v.path("definition").asText())));
        assertThat(queried).hasSizeGreaterThan(10);

        try (ServiceWithMetrics running = new ServiceWithMetrics(root, "127.0.0.1:0")) {
            assertThat(running.nextCycle().outcome()).isEqualTo(CycleOutcome.OK);
            Scrape scrape = Scrape.of(running.service.metricsUri().orElseThrow());

            assertThat(scrape.names()).containsAll(queried);
        }
    }

    private static Set<String> series(String promQl) {
        Set<String> names = new HashSet<>();
        Matcher m = SERIES.matcher(promQl);
        while (m.find()) {
            names.add(m.group());
        }
        return names;
    }
}
