package io.mlservice.service;

import com.fasterxml.jackson.databind.JsonNode;
import io.mlservice.config.Setting;
import io.mlservice.config.SettingsFile;
import io.mlservice.config.ServiceSettings;
import io.mlservice.config.SettingsLoader;
import io.mlservice.history.CycleOutcome;
import io.mlservice.history.CycleRow;
import io.mlservice.history.CycleTrigger;
import io.mlservice.history.History;
import io.mlservice.logging.ServiceLogging;
import io.mlservice.model.EpochStats;
import io.mlservice.model.HyperParameters;
import io.mlservice.model.Metrics;
import io.mlservice.model.TrainingPhase;
import io.mlservice.serving.Recommendations;
import io.mlservice.totara.FakeTotara;
import io.mlservice.totara.demo.DemoExportGenerator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Faults the service survives and says so, against a fake Totara over real HTTP with real files and SQLite: errors
 * in a cycle, a crash in the middle of one, a stop during training, a tenant still in its first training, models of
 * other data, a hanging Totara behind many health checks.
 */
class ServiceFaultsTest {
    private static final String KEY = "faults-shared-key";
    private static final Duration CYCLE_WAIT = Duration.ofSeconds(90);

    @TempDir
    Path root;

    private Path export;
    private FakeTotara totara;
    private final List<MlService> services = new ArrayList<>();

    @BeforeEach
    void exportOnFakeTotara() throws IOException {
        export = root.resolve("export");
        new DemoExportGenerator(new DemoExportGenerator.Spec(160, 100, 2400, 2, 7)).write(export);
        totara = FakeTotara.serving(export, KEY);
    }

    @AfterEach
    void stopEverything() {
        totara.releaseStatus();
        services.forEach(MlService::stop);
        totara.close();
        ServiceLogging.stopLoggingToFolder();
    }

    @Test
    void anErrorInACycleFailsItRetriesWithinMinutesAndTheOldModelKeepsServing() throws Exception {
        CycleWatch cycles = new CycleWatch();
        MlService service = start(cycles, Map.of());
        assertThat(cycles.next().outcome()).isEqualTo(CycleOutcome.OK);
        String request = userItems("1");
        String before = client(service).get(request).body();

        AtomicBoolean outOfMemory = new AtomicBoolean(true);
        AtomicBoolean stackOverflow = new AtomicBoolean(false);
        service.addListener(new ServiceListener() {
            @Override
            public void cycleStarted(long cycleId, CycleTrigger trigger) {
                if (stackOverflow.getAndSet(false)) {
                    throw new StackOverflowError();
                }
            }

            @Override
            public void phase(long cycleId, String tenant, TrainingPhase phase) {
                if (tenant == null && phase == TrainingPhase.PREPARE && outOfMemory.getAndSet(false)) {
                    throw new OutOfMemoryError("Java heap space");
                }
            }
        });

        Instant asked = Instant.now();
        assertThat(service.trainNow()).isTrue();
        CycleResult failed = cycles.next();
        assertThat(failed.outcome()).isEqualTo(CycleOutcome.FAILED);
        assertThat(failed.message()).contains("out of memory while reading the export", "-Xmx",
                "JAVA_TOOL_OPTIONS", "on disk");
        assertThat(failed.nextDue()).as("the first retry step").isBetween(asked.plus(Duration.ofMinutes(2)),
                Instant.now().plus(Duration.ofMinutes(2)));
        assertThat(service.nextTraining()).contains(failed.nextDue());
        assertThat(service.history().recentCycles(1)).first().satisfies(c -> {
            assertThat(c.outcome()).isEqualTo(CycleOutcome.FAILED);
            assertThat(c.finished()).isNotNull();
        });
        assertThat(lastSummaryRow()).contains(",all,", "failed: out of memory");
        assertThat(client(service).get(request).body()).as("the old model answers").isEqualTo(before);

        stackOverflow.set(true);
        assertThat(service.trainNow()).isTrue();
        CycleResult again = cycles.next();
        assertThat(again.outcome()).isEqualTo(CycleOutcome.FAILED);
        assertThat(again.message()).contains("StackOverflowError");
        assertThat(again.nextDue()).as("the second retry step")
                .isBefore(Instant.now().plus(Duration.ofMinutes(5)).plusSeconds(1));
        assertThat(service.history().recentCycles(1)).first()
                .satisfies(c -> assertThat(c.outcome()).isEqualTo(CycleOutcome.FAILED));
        assertThat(client(service).get(request).body()).isEqualTo(before);
        assertThat(log()).contains("failed unexpectedly (java.lang.StackOverflowError)",
                "the current models keep serving; retrying at");
    }

    @Test
    void aCycleACrashLeftRunningIsRetriedWithinMinutes() throws Exception {
        CycleWatch cycles = new CycleWatch();
        MlService first = start(cycles, Map.of());
        assertThat(cycles.next().outcome()).isEqualTo(CycleOutcome.OK);
        first.stop();
        long crashed;
        try (History history = History.open(root.resolve("logs/history.db"))) {
            crashed = history.startCycle(Instant.now(), CycleTrigger.SCHEDULE, totara.url().toString());
        }

        Instant restarted = Instant.now();
        MlService second = start(new CycleWatch(), Map.of());
        assertThat(second.nextTraining()).get().satisfies(due -> assertThat(due)
                .isBetween(restarted.plus(Duration.ofMinutes(2)), Instant.now().plus(Duration.ofMinutes(2))));
        assertThat(second.history().recentCycles(1)).first().satisfies(c -> {
            assertThat(c.id()).isEqualTo(crashed);
            assertThat(c.outcome()).isEqualTo(CycleOutcome.INTERRUPTED);
        });
        assertThat(client(second).get(userItems("1")).json().get("success").asBoolean())
                .as("the saved model serves meanwhile").isTrue();
        assertThat(log()).contains("The last training cycle was interrupted (the service ended during it); "
                + "retrying it at");
    }

    @Test
    void aTenantStillInItsFirstTrainingIsNotReadyAndItsNeighbourIsSummarisedAlready() throws Exception {
        CountDownLatch holding = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        CycleWatch cycles = new CycleWatch();
        MlService service = start(cycles, Map.of(), new ServiceListener() {
            @Override
            public void epoch(long cycleId, String tenant, int candidate, HyperParameters hp, EpochStats stats,
                              Metrics heldOut, double fraction) {
                if (tenant.equals("2")) {
                    holding.countDown();
                    CycleWatch.awaitQuietly(release);
                }
            }
        });
        assertThat(holding.await(CYCLE_WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();
        try {
            assertThat(client(service).get(userItems("1")).json().get("success").asBoolean()).isTrue();
            assertThat(client(service).get(userItems("2")).json().get("message").asText())
                    .contains(Recommendations.NOT_READY);
            assertThat(client(service).get(userItems("9")).json().get("message").asText())
                    .isEqualTo(Recommendations.NO_SUCH_TENANT);
            List<String> summary = Files.readAllLines(root.resolve("logs/train_summary.log"));
            assertThat(summary).hasSize(2);
            assertThat(summary.get(1)).contains(",1,trained,");
        } finally {
            release.countDown();
        }
        assertThat(cycles.next().outcome()).isEqualTo(CycleOutcome.OK);
        assertThat(Files.readAllLines(root.resolve("logs/train_summary.log"))).hasSize(3);
        assertThat(client(service).get(userItems("2")).json().get("success").asBoolean()).isTrue();
    }

    @Test
    void aSavedModelOfOtherDataIsNotServedAndACycleStartsAtOnce() throws Exception {
        CycleWatch cycles = new CycleWatch();
        MlService fromTotara = start(cycles, Map.of());
        assertThat(cycles.next().outcome()).isEqualTo(CycleOutcome.OK);
        fromTotara.stop();

        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        CycleWatch folderCycles = new CycleWatch();
        MlService fromFolder = start(folderCycles, Map.of(Setting.EXPORT_DIR.variable(), export.toString()),
                new ServiceListener() {
                    @Override
                    public void cycleStarted(long cycleId, CycleTrigger trigger) {
                        started.countDown();
                        CycleWatch.awaitQuietly(release);
                    }
                });
        assertThat(started.await(CYCLE_WAIT.toSeconds(), TimeUnit.SECONDS)).as("a cycle at once").isTrue();
        try {
            assertThat(client(fromFolder).get(userItems("1")).json().get("message").asText())
                    .as("the Totara-trained model does not serve a service reading a folder")
                    .contains(Recommendations.NOT_READY);
        } finally {
            release.countDown();
        }
        CycleResult cycle = folderCycles.next();
        assertThat(cycle.trigger()).isEqualTo(CycleTrigger.STARTUP);
        assertThat(cycle.outcome()).isEqualTo(CycleOutcome.OK);
        assertThat(log()).contains("Not serving the saved models in", "was trained from " + totara.url(),
                "the service now trains from " + export.toAbsolutePath().normalize());
    }

    @Test
    void stoppingDuringATrainingRecordsTheCycleAsCancelled() throws Exception {
        CycleWatch cycles = new CycleWatch();
        MlService service = start(cycles, Map.of());
        assertThat(cycles.next().outcome()).isEqualTo(CycleOutcome.OK);
        CountDownLatch training = new CountDownLatch(1);
        CountDownLatch never = new CountDownLatch(1);
        service.addListener(new ServiceListener() {
            @Override
            public void epoch(long cycleId, String tenant, int candidate, HyperParameters hp, EpochStats stats,
                              Metrics heldOut, double fraction) {
                training.countDown();
                CycleWatch.awaitQuietly(never);
            }
        });
        assertThat(service.trainNow()).isTrue();
        assertThat(training.await(CYCLE_WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();

        service.stop();

        try (History history = History.open(root.resolve("logs/history.db"))) {
            CycleRow last = history.recentCycles(1).get(0);
            assertThat(last.outcome()).isEqualTo(CycleOutcome.CANCELLED);
            assertThat(last.message()).startsWith("the service stopped during the training");
        }
        assertThat(lastSummaryRow()).contains(",all,", "cancelled: the service stopped during the training");
        assertThat(log()).contains("as the service stopped").doesNotContain("Could not record");
    }

    @Test
    void withNothingServedAFailedCycleSaysSo() throws Exception {
        totara.failAll(404);
        CycleWatch cycles = new CycleWatch();
        start(cycles, Map.of());
        assertThat(cycles.next().outcome()).isEqualTo(CycleOutcome.FAILED);

        assertThat(log()).contains("nothing is served yet: Totara is answered \"" + Recommendations.NOT_READY
                + "\" until a cycle succeeds").doesNotContain("keep serving");
    }

    @Test
    void healthChecksShareOneTotaraQueryAndAnswerFastWhileTotaraHangs() throws Exception {
        totara.failAll(404);
        totara.holdStatus();
        CycleWatch cycles = new CycleWatch();
        MlService service = start(cycles, Map.of());
        assertThat(cycles.next().outcome()).isEqualTo(CycleOutcome.FAILED);

        int checks = 12;
        ExecutorService pool = Executors.newFixedThreadPool(checks);
        try {
            List<Future<Long>> answers = new ArrayList<>();
            CountDownLatch go = new CountDownLatch(1);
            for (int i = 0; i < checks; i++) {
                answers.add(pool.submit(() -> {
                    go.await();
                    long start = System.nanoTime();
                    SignedClient.Answer answer = client(service).get("/health-check");
                    assertThat(answer.status()).isEqualTo(200);
                    JsonNode errors = answer.json().get("errors");
                    assertThat(errors.toString()).contains("still checking");
                    return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
                }));
            }
            go.countDown();
            for (Future<Long> answer : answers) {
                assertThat(answer.get(30, TimeUnit.SECONDS)).as("answered without waiting for Totara's timeout")
                        .isLessThan(2500);
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(totara.requests(FakeTotara.STATUS_ENDPOINT)).as("one shared query").isEqualTo(1);

        totara.releaseStatus();
        JsonNode answered = awaitHealthy(service);
        assertThat(answered.get("success").asBoolean()).as("Totara answered ok").isTrue();
        assertThat(answered.get("totara").get("totara_ip").asText()).isEqualTo("127.0.0.1");
        assertThat(totara.requests(FakeTotara.STATUS_ENDPOINT)).as("the answer is reused").isEqualTo(1);
    }

    @Test
    void personalDataTheServiceWritesIsOwnerOnly() throws Exception {
        assumeTrue(FileSystems.getDefault().supportedFileAttributeViews().contains("posix"), "POSIX permissions");
        CycleWatch cycles = new CycleWatch();
        MlService service = start(cycles, Map.of());
        assertThat(cycles.next().outcome()).isEqualTo(CycleOutcome.OK);

        Path staging = root.resolve("models/exports");
        assertThat(permissions(staging)).isEqualTo("rwx------");
        List<Path> downloaded;
        try (Stream<Path> files = Files.walk(staging)) {
            downloaded = files.filter(f -> !f.equals(staging)).toList();
        }
        assertThat(downloaded).isNotEmpty().allSatisfy(f -> assertThat(permissions(f)).as(f.toString())
                .isEqualTo(Files.isDirectory(f) ? "rwx------" : "rw-------"));
        Path logs = root.resolve("logs");
        for (String name : List.of("history.db", "history.db-wal", "history.db-shm", ServiceLogging.FILE_NAME)) {
            assertThat(permissions(logs.resolve(name))).as(name).isEqualTo("rw-------");
        }
        assertThat(service.history().recentCycles(1)).isNotEmpty();
    }

    private static String permissions(Path path) {
        try {
            return PosixFilePermissions.toString(Files.getPosixFilePermissions(path));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Health checks until the held query's answer is known (Totara answered: an IP, no "still checking"). */
    private JsonNode awaitHealthy(MlService service) throws Exception {
        Instant deadline = Instant.now().plusSeconds(30);
        while (Instant.now().isBefore(deadline)) {
            JsonNode body = client(service).get("/health-check").json();
            if (!body.get("totara").get("totara_ip").isNull()) {
                return body;
            }
            Thread.onSpinWait();
        }
        throw new AssertionError("the health check never got Totara's answer");
    }

    private MlService start(CycleWatch cycles, Map<String, String> extra, ServiceListener... listeners)
            throws Exception {
        Map<String, String> values = new HashMap<>();
        values.put(Setting.TOTARA_URL.variable(), totara.url().toString());
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
        values.putAll(extra);
        ServiceSettings settings = SettingsLoader.load(values, Map.of());
        MlService service = new MlService(settings, Clock.systemUTC(), new MlService.Tuning(
                List.of(Duration.ofMillis(20), Duration.ofMillis(20), Duration.ofMillis(20)),
                HyperParameters.defaults().withEpochs(4).withComponents(16)));
        for (ServiceListener l : listeners) {
            service.addListener(l);
        }
        service.addListener(cycles);
        services.add(service);
        service.start();
        return service;
    }

    private String userItems(String tenant) throws IOException {
        String user = Files.readAllLines(export.resolve("user_data_1.csv")).get(1).split(",")[0];
        return "/user-items?totara_user_id=" + user + "&item_type=engage_article&tenant=" + tenant + "&n_items=5";
    }

    private String lastSummaryRow() throws IOException {
        List<String> rows = Files.readAllLines(root.resolve("logs/train_summary.log"));
        return rows.get(rows.size() - 1);
    }

    private String log() throws IOException {
        return Files.readString(root.resolve("logs").resolve(ServiceLogging.FILE_NAME), StandardCharsets.UTF_8);
    }

    private SignedClient client(MlService service) {
        return new SignedClient(service.baseUri(), KEY);
    }
}
