package io.mlservice.service;

import io.mlservice.config.ServiceSettings;
import io.mlservice.config.Setting;
import io.mlservice.config.SettingsFile;
import io.mlservice.config.SettingsLoader;
import io.mlservice.model.HyperParameters;
import io.mlservice.totara.FakeTotara;
import io.mlservice.totara.demo.DemoExportGenerator;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The real service pulling a small demo export from a fake Totara over loopback HTTP, with or without the metrics
 * listener, and the cycles it finishes handed to the test thread.
 */
final class ServiceWithMetrics implements AutoCloseable {
    static final String KEY = "metrics-shared-key";
    private static final Duration CYCLE_WAIT = Duration.ofSeconds(90);

    final Path export;
    final FakeTotara totara;
    final MlService service;
    private final BlockingQueue<CycleResult> finished = new LinkedBlockingQueue<>();

    /** @param metricsBind {@code ML_METRICS_BIND}, or null to leave it unset */
    ServiceWithMetrics(Path root, String metricsBind) throws Exception {
        export = root.resolve("export");
        new DemoExportGenerator(new DemoExportGenerator.Spec(160, 100, 2400, 2, 7)).write(export);
        totara = FakeTotara.serving(export, KEY);
        Map<String, String> values = new HashMap<>();
        values.put(Setting.TOTARA_URL.variable(), totara.url().toString());
        values.put(Setting.TOTARA_KEY.variable(), KEY);
        values.put(Setting.MODELS_DIR.variable(), root.resolve("models").toString());
        values.put(Setting.LOGS_DIR.variable(), root.resolve("logs").toString());
        values.put(Setting.BIND.variable(), "127.0.0.1:0");
        values.put(Setting.NUM_THREADS.variable(), "1");
        if (metricsBind != null) {
            values.put(Setting.METRICS_BIND.variable(), metricsBind);
        }
        Path settingsFile = Files.createFile(root.resolve("settings.properties"));
        values.put(SettingsFile.VARIABLE, settingsFile.toString());
        ServiceSettings settings = SettingsLoader.load(values, Map.of());
        service = new MlService(settings, Clock.systemUTC(), new MlService.Tuning(List.of(Duration.ofMillis(20)),
                HyperParameters.defaults().withEpochs(4).withComponents(16)));
        service.addListener(new ServiceListener() {
            @Override
            public void cycleFinished(CycleResult result) {
                finished.add(result);
            }
        });
        service.start();
    }

    /** The next cycle to finish, waiting for it. */
    CycleResult nextCycle() throws InterruptedException {
        CycleResult r = finished.poll(CYCLE_WAIT.toSeconds(), TimeUnit.SECONDS);
        assertThat(r).as("a training cycle finished within " + CYCLE_WAIT).isNotNull();
        return r;
    }

    SignedClient signed() {
        return new SignedClient(service.baseUri(), KEY);
    }

    /** The user ids of a tenant's export, in file order. */
    List<String> users(String tenant) throws IOException {
        try (CSVParser csv = CSVParser.parse(export.resolve("user_data_" + tenant + ".csv"), StandardCharsets.UTF_8,
                CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).get())) {
            return csv.stream().map(r -> r.get(0)).toList();
        }
    }

    @Override
    public void close() {
        service.stop();
        totara.close();
    }
}
