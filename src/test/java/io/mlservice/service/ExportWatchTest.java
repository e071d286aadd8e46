package io.mlservice.service;

import io.mlservice.config.ServiceSettings;
import io.mlservice.config.Setting;
import io.mlservice.config.SettingsFile;
import io.mlservice.config.SettingsLoader;
import io.mlservice.history.CycleOutcome;
import io.mlservice.history.CycleRow;
import io.mlservice.history.CycleTrigger;
import io.mlservice.model.HyperParameters;
import io.mlservice.totara.FakeTotara;
import io.mlservice.totara.demo.DemoExportGenerator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A new export starts a cycle within one check, an unchanged one does not: the whole service with checks every
 * second, against the fake Totara over real HTTP (its {@code Last-Modified} and {@code 304}) and against a folder.
 */
class ExportWatchTest {
    private static final String KEY = "export-watch-shared-key";
    private static final Duration WAIT = Duration.ofSeconds(90);
    private static final Duration POLL = Duration.ofSeconds(1);
    private static final int UNCHANGED_CHECKS = 3;

    @TempDir
    Path root;

    private Path export;
    private FakeTotara totara;
    private final Events events = new Events();
    private final List<MlService> services = new ArrayList<>();

    @BeforeEach
    void writeExport() throws IOException {
        export = root.resolve("export");
        new DemoExportGenerator(new DemoExportGenerator.Spec(120, 80, 1600, 1, 7)).write(export);
    }

    @AfterEach
    void stopEverything() {
        services.forEach(MlService::stop);
        if (totara != null) {
            totara.close();
        }
    }

    @Test
    void totarasNewExportIsTrainedWithinOneCheckAndAnUnchangedOneIsNot() throws Exception {
        totara = FakeTotara.serving(export, KEY);
        Instant first = totara.publishNewExport();
        MlService service = start(Map.of(Setting.TOTARA_URL.variable(), totara.url().toString()));

        CycleResult startup = events.nextCycle();
        assertThat(startup.trigger()).isEqualTo(CycleTrigger.STARTUP);
        assertThat(service.lastExport()).contains(first);
        int answered304 = totara.answered("tenants.csv", 304);

        events.awaitUnchangedChecks(UNCHANGED_CHECKS);
        assertThat(totara.answered("tenants.csv", 304) - answered304).isGreaterThanOrEqualTo(UNCHANGED_CHECKS);
        assertThat(totara.answered("tenants.csv", 200)).as("only the startup cycle downloaded").isEqualTo(1);
        assertThat(events.cycles).isEmpty();
        assertThat(service.history().recentCycles(10)).hasSize(1);

        Instant second = totara.publishNewExport();
        CycleResult fresh = events.nextCycle();

        assertThat(fresh.trigger()).isEqualTo(CycleTrigger.EXPORT);
        assertThat(fresh.outcome()).isEqualTo(CycleOutcome.OK);
        assertThat(service.history().recentCycles(10)).extracting(CycleRow::trigger)
                .containsExactly(CycleTrigger.EXPORT, CycleTrigger.STARTUP);
        assertThat(service.lastExport()).contains(second);
        assertThat(service.history().lastExportTime()).contains(second);
        assertThat(new SignedClient(service.baseUri(), KEY).get("/").body()).contains("<dt>Export from</dt><dd>"
                + DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'").withZone(ZoneOffset.UTC).format(second));
    }

    @Test
    void aFoldersNewerFilesAreTrainedWithinOneCheckAndUnchangedOnesAreNot() throws Exception {
        Instant first = touchExport(Instant.now().minusSeconds(3600));
        MlService service = start(Map.of(Setting.EXPORT_DIR.variable(), export.toString()));

        assertThat(events.nextCycle().trigger()).isEqualTo(CycleTrigger.STARTUP);
        assertThat(service.lastExport()).contains(first);

        events.awaitUnchangedChecks(UNCHANGED_CHECKS);
        assertThat(events.cycles).isEmpty();
        assertThat(service.history().recentCycles(10)).hasSize(1);

        Instant second = touchExport(first.plusSeconds(60));
        CycleResult fresh = events.nextCycle();

        assertThat(fresh.trigger()).isEqualTo(CycleTrigger.EXPORT);
        assertThat(service.lastExport()).contains(second);
        assertThat(service.history().recentCycles(10)).extracting(CycleRow::trigger)
                .containsExactly(CycleTrigger.EXPORT, CycleTrigger.STARTUP);
    }

    @Test
    void aRestartRemembersTheExportAndTrainsOnlyANewerOne() throws Exception {
        Instant first = touchExport(Instant.now().minusSeconds(3600));
        Map<String, String> folder = Map.of(Setting.EXPORT_DIR.variable(), export.toString());
        MlService before = start(folder);
        events.nextCycle();
        before.stop();

        MlService after = start(folder);
        assertThat(after.lastExport()).contains(first);
        events.awaitUnchangedChecks(UNCHANGED_CHECKS);
        assertThat(events.cycles).as("a saved model serves, the export is unchanged: no cycle").isEmpty();
    }

    private Instant touchExport(Instant time) throws IOException {
        Instant at = time.truncatedTo(ChronoUnit.MILLIS);
        try (Stream<Path> files = Files.list(export)) {
            for (Path file : files.toList()) {
                Files.setLastModifiedTime(file, FileTime.from(at));
            }
        }
        return at;
    }

    private MlService start(Map<String, String> source) throws Exception {
        Map<String, String> values = new HashMap<>(source);
        values.put(Setting.TOTARA_KEY.variable(), KEY);
        values.put(Setting.MODELS_DIR.variable(), root.resolve("models").toString());
        values.put(Setting.LOGS_DIR.variable(), root.resolve("logs").toString());
        values.put(Setting.BIND.variable(), "127.0.0.1:0");
        values.put(Setting.NUM_THREADS.variable(), "1");
        Path settingsFile = root.resolve("settings.properties");
        if (!Files.exists(settingsFile)) {
            Files.createFile(settingsFile);
        }
        values.put(SettingsFile.VARIABLE, settingsFile.toString());
        ServiceSettings settings = SettingsLoader.load(values, Map.of());
        MlService service = new MlService(settings, Clock.systemUTC(), new MlService.Tuning(
                List.of(Duration.ofMillis(20)), HyperParameters.defaults().withEpochs(3).withComponents(8))
                .withExportPoll(POLL));
        service.addListener(events);
        services.add(service);
        service.start();
        return service;
    }

    /** Cycles and export checks as the service reports them. */
    private static final class Events implements ServiceListener {
        final BlockingQueue<CycleResult> cycles = new LinkedBlockingQueue<>();
        final BlockingQueue<Boolean> checks = new LinkedBlockingQueue<>();

        @Override
        public void cycleFinished(CycleResult result) {
            cycles.add(result);
        }

        @Override
        public void exportChecked(boolean newer) {
            checks.add(newer);
        }

        CycleResult nextCycle() throws InterruptedException {
            CycleResult r = cycles.poll(WAIT.toSeconds(), TimeUnit.SECONDS);
            assertThat(r).as("a training cycle finished within " + WAIT).isNotNull();
            return r;
        }

        /** Waits for this many checks from now that found no newer export. */
        void awaitUnchangedChecks(int count) throws InterruptedException {
            checks.clear();
            for (int i = 0; i < count; i++) {
                Boolean newer = checks.poll(WAIT.toSeconds(), TimeUnit.SECONDS);
                assertThat(newer).as("check " + (i + 1) + " answered within " + WAIT).isNotNull();
                assertThat(newer).as("check " + (i + 1) + " found no newer export").isFalse();
            }
        }
    }
}
