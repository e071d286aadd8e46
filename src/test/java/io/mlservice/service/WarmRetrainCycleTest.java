package io.mlservice.service;

import io.mlservice.config.ServiceSettings;
import io.mlservice.config.Setting;
import io.mlservice.config.SettingsFile;
import io.mlservice.config.SettingsLoader;
import io.mlservice.history.CycleOutcome;
import io.mlservice.model.HyperParameters;
import io.mlservice.model.ModelFile;
import io.mlservice.model.ModelFolder;
import io.mlservice.model.TrainingOrigin;
import io.mlservice.model.TrainingReport;
import io.mlservice.totara.FakeTotara;
import io.mlservice.totara.demo.DemoExportGenerator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The service's second cycle on a grown export of the same site retrains the serving model warm, says so in the
 * report and the model file, and keeps the last full search's time and size across a restart.
 */
class WarmRetrainCycleTest {
    private static final String KEY = "warm-retrain-shared-key";
    private static final DemoExportGenerator SITE =
            new DemoExportGenerator(new DemoExportGenerator.Spec(400, 120, 8000, 1, 11));
    private static final HyperParameters FIXED = HyperParameters.defaults().withComponents(16).withEpochs(6);

    @TempDir
    Path root;

    private FakeTotara totara;
    private MlService service;

    @AfterEach
    void stop() {
        if (service != null) {
            service.stop();
        }
        if (totara != null) {
            totara.close();
        }
    }

    @Test
    void theCycleAfterAFullSearchOnAGrownExportIsAWarmRetrain() throws Exception {
        Path export = root.resolve("export");
        SITE.write(export, 0.1);
        totara = FakeTotara.serving(export, KEY);
        CycleWatch cycles = new CycleWatch();
        service = start(cycles, "7");

        CycleResult first = cycles.next();
        assertThat(first.outcome()).isEqualTo(CycleOutcome.OK);
        TrainingReport full = first.tenants().get(0).report();
        assertThat(full.origin().warm()).isFalse();
        int searchedOn = first.tenants().get(0).interactions();
        assertThat(full.origin().fullSearchInteractions()).isEqualTo(searchedOn);

        SITE.write(export);
        assertThat(service.trainNow()).isTrue();
        CycleResult second = cycles.next();

        assertThat(second.outcome()).isEqualTo(CycleOutcome.OK);
        TrainingReport warm = second.tenants().get(0).report();
        assertThat(warm.origin()).isEqualTo(new TrainingOrigin(true, full.origin().fullSearchAtEpochSeconds(),
                searchedOn));
        assertThat(second.tenants().get(0).interactions()).isGreaterThan(searchedOn);
        Path newest = new ModelFolder(root.resolve("models"), Clock.systemUTC()).newest().orElseThrow().file();
        assertThat(ModelFile.read(newest).get(0).report().origin()).isEqualTo(warm.origin());
    }

    @Test
    void withWarmRetrainsOffEveryCycleIsAFullSearch() throws Exception {
        Path export = root.resolve("export");
        SITE.write(export, 0.1);
        totara = FakeTotara.serving(export, KEY);
        CycleWatch cycles = new CycleWatch();
        service = start(cycles, "0");
        assertThat(cycles.next().outcome()).isEqualTo(CycleOutcome.OK);

        SITE.write(export);
        assertThat(service.trainNow()).isTrue();
        CycleResult second = cycles.next();

        assertThat(second.tenants().get(0).report().origin().warm()).isFalse();
    }

    private MlService start(CycleWatch cycles, String fullSearchDays) throws Exception {
        Map<String, String> values = new HashMap<>();
        values.put(Setting.TOTARA_URL.variable(), totara.url().toString());
        values.put(Setting.TOTARA_KEY.variable(), KEY);
        values.put(Setting.MODELS_DIR.variable(), root.resolve("models").toString());
        values.put(Setting.LOGS_DIR.variable(), root.resolve("logs").toString());
        values.put(Setting.BIND.variable(), "127.0.0.1:0");
        values.put(Setting.NUM_THREADS.variable(), "1");
        values.put(Setting.FULL_SEARCH_DAYS.variable(), fullSearchDays);
        Path settingsFile = root.resolve("settings.properties");
        Files.writeString(settingsFile, "");
        values.put(SettingsFile.VARIABLE, settingsFile.toString());
        ServiceSettings settings = SettingsLoader.load(values, Map.of());
        MlService started = new MlService(settings, Clock.systemUTC(), new MlService.Tuning(
                List.of(Duration.ofMillis(20)), FIXED));
        started.addListener(cycles);
        started.start();
        return started;
    }
}
