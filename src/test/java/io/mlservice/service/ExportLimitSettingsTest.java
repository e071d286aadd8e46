package io.mlservice.service;

import static org.assertj.core.api.Assertions.assertThat;

import io.mlservice.config.ServiceSettings;
import io.mlservice.config.Setting;
import io.mlservice.config.SettingsLoader;
import io.mlservice.history.CycleOutcome;
import io.mlservice.history.FetchRow;
import io.mlservice.model.HyperParameters;
import io.mlservice.totara.FakeTotara;
import io.mlservice.totara.demo.DemoExportGenerator;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The export limits an administrator sets ({@code ML_MAX_*}) apply to the service's cycles: an export past one
 * fails the cycle with the limit's name in its message, whether it comes from a folder or from Totara.
 */
class ExportLimitSettingsTest {
    private static final String KEY = "export-limits-shared-key";
    private static final Duration CYCLE_WAIT = Duration.ofSeconds(60);

    @TempDir
    Path root;

    private Path export;
    private final List<MlService> services = new ArrayList<>();
    private final BlockingQueue<CycleResult> finished = new LinkedBlockingQueue<>();

    @BeforeEach
    void twoTenantExport() throws Exception {
        export = root.resolve("export");
        new DemoExportGenerator(new DemoExportGenerator.Spec(60, 40, 600, 2, 7)).write(export);
    }

    @AfterEach
    void stop() {
        services.forEach(MlService::stop);
    }

    @Test
    void aConfiguredTenantLimitFailsTheCycleOfAFolderExportNamingTheLimit() throws Exception {
        start(Map.of(Setting.EXPORT_DIR.variable(), export.toString(), Setting.MAX_TENANTS.variable(), "1"));

        CycleResult cycle = nextCycle();

        assertThat(cycle.outcome()).isEqualTo(CycleOutcome.FAILED);
        assertThat(cycle.message()).contains("tenants.csv").contains("ML_MAX_TENANTS");
    }

    @Test
    void aConfiguredColumnLimitFailsTheCycleOfADownloadedExportNamingTheLimit() throws Exception {
        try (FakeTotara totara = FakeTotara.serving(export, KEY)) {
            start(Map.of(Setting.TOTARA_URL.variable(), totara.url().toString(),
                    Setting.MAX_COLUMNS.variable(), "3"));

            CycleResult cycle = nextCycle();

            assertThat(cycle.outcome()).isEqualTo(CycleOutcome.FAILED);
            assertThat(cycle.message()).contains("more than the limit of 3 (ML_MAX_COLUMNS)");
        }
    }

    @Test
    void theDownloadStopsAtTenantsCsvWhenItListsMoreTenantsThanConfigured() throws Exception {
        try (FakeTotara totara = FakeTotara.serving(export, KEY)) {
            MlService service = start(Map.of(Setting.TOTARA_URL.variable(), totara.url().toString(),
                    Setting.MAX_TENANTS.variable(), "1"));

            CycleResult cycle = nextCycle();

            assertThat(cycle.outcome()).isEqualTo(CycleOutcome.FAILED);
            assertThat(cycle.message()).contains("ML_MAX_TENANTS");
            assertThat(service.history().fetches(cycle.id())).extracting(FetchRow::file)
                    .as("no tenant's files are fetched").containsExactly("tenants.csv");
        }
    }

    private MlService start(Map<String, String> source) throws Exception {
        Map<String, String> values = new HashMap<>(source);
        values.put(Setting.TOTARA_KEY.variable(), KEY);
        values.put(Setting.MODELS_DIR.variable(), root.resolve("models").toString());
        values.put(Setting.LOGS_DIR.variable(), root.resolve("logs").toString());
        values.put(Setting.BIND.variable(), "127.0.0.1:0");
        values.put(Setting.NUM_THREADS.variable(), "1");
        ServiceSettings settings = SettingsLoader.resolve(values);
        MlService service = new MlService(settings, Clock.systemUTC(), new MlService.Tuning(List.of(),
                HyperParameters.defaults().withEpochs(2).withComponents(8)));
        service.addListener(new ServiceListener() {
            @Override
            public void cycleFinished(CycleResult result) {
                finished.add(result);
            }
        });
        services.add(service);
        service.start();
        return service;
    }

    private CycleResult nextCycle() throws InterruptedException {
        CycleResult cycle = finished.poll(CYCLE_WAIT.toSeconds(), TimeUnit.SECONDS);
        assertThat(cycle).as("a training cycle finished within " + CYCLE_WAIT).isNotNull();
        return cycle;
    }
}
