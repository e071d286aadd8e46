package io.mlservice.faults;

import io.mlservice.faults.FaultyTotara.Fault;
import io.mlservice.service.SignedClient;
import io.mlservice.totara.FakeTotara;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Totara failing while the service pulls its export: hanging, slow, exporting for ever, cutting a download short,
 * answering an error page. Each time the service trains once from a good export first (the last good model), then
 * meets the fault in its second cycle; the service runs in a JVM of its own and is watched only from outside.
 * The scenarios run side by side: most of their time is waiting for the second cycle's minute.
 */
@Execution(ExecutionMode.SAME_THREAD)
class TotaraFaultTest {
    private static final Duration SECOND_CYCLE_IN = Duration.ofSeconds(60);
    /** Start-up, the first cycle and the wait for the second cycle's minute, with room to spare. */
    private static final Duration UNTIL_SECOND_CYCLE_ENDS = Duration.ofMinutes(4);

    @TempDir
    Path root;

    @Test
    @Execution(ExecutionMode.CONCURRENT)
    void anErrorPageInsteadOfTheExportFailsTheCycleAndServingGoesOn() throws Exception {
        try (Setup s = setUp()) {
            s.totara.inject(Fault.GARBAGE);
            s.service.until("cycle 2 ended", () -> s.service.history().ended(2), UNTIL_SECOND_CYCLE_ENDS);

            s.good.stillServedBy(s.service);
            s.good.stillOnDisk(s.service);
            LastGoodModel.failedAndRetrySoon(s.service, 2);
            assertThat(s.service.history().cycle(2).orElseThrow().message()).contains("tenants.csv");
            assertThat(s.service.modelFiles()).hasSize(1);
        }
    }

    @Test
    @Execution(ExecutionMode.CONCURRENT)
    void aDownloadCutShortFailsTheCycleAndLeavesNoPartialExport() throws Exception {
        try (Setup s = setUp()) {
            s.totara.inject(Fault.TRUNCATE);
            s.service.until("cycle 2 ended", () -> s.service.history().ended(2), UNTIL_SECOND_CYCLE_ENDS);

            s.good.stillServedBy(s.service);
            s.good.stillOnDisk(s.service);
            LastGoodModel.failedAndRetrySoon(s.service, 2);
            try (Stream<Path> staged = Files.list(s.service.models().resolve("exports"))) {
                assertThat(staged.map(p -> p.getFileName().toString()).toList())
                        .as("staged exports: the first cycle's, and no partial one").hasSize(1)
                        .noneMatch(n -> n.endsWith("-partial"));
            }
        }
    }

    @Test
    @Execution(ExecutionMode.CONCURRENT)
    void totaraExportingForEverFailsTheCycleAfterItsBackOffAndRetriesWithinMinutes() throws Exception {
        try (Setup s = setUp()) {
            s.totara.totara().failAll(202);
            // The downloader asks again after 10, 30 and 60 s before it gives up.
            s.service.until("cycle 2 ended", () -> s.service.history().ended(2),
                    UNTIL_SECOND_CYCLE_ENDS.plus(Duration.ofSeconds(100)));

            s.good.stillServedBy(s.service);
            s.good.stillOnDisk(s.service);
            LastGoodModel.failedAndRetrySoon(s.service, 2);
            assertThat(s.service.history().cycle(2).orElseThrow().message()).contains("still exporting");
        }
    }

    @Test
    @Execution(ExecutionMode.CONCURRENT)
    void aSlowTotaraDelaysOnlyTheTrainingNeverAnAnswer() throws Exception {
        try (Setup s = setUp()) {
            s.totara.inject(Fault.SLOW);
            s.service.until("cycle 2 started", () -> s.service.history().cycle(2).isPresent(),
                    UNTIL_SECOND_CYCLE_ENDS);
            Instant giveUp = Instant.now().plus(Duration.ofMinutes(3));
            while (!s.service.history().ended(2) && Instant.now().isBefore(giveUp)) {
                s.good.stillServedBy(s.service);
                s.service.until("cycle 2 ended or a second passed", new Deadline(Duration.ofSeconds(1),
                        () -> s.service.history().ended(2))::reached, Duration.ofSeconds(5));
            }
            assertThat(s.service.history().cycle(2).orElseThrow().outcome()).as("a slow download is no failure")
                    .isEqualTo("ok");
            s.good.stillOnDisk(s.service);
            assertThat(s.service.modelFiles()).as("the new model beside the last good one").hasSize(2)
                    .allMatch(RunningService::readable);
        }
    }

    @Test
    @Execution(ExecutionMode.CONCURRENT)
    void aHangingTotaraHoldsUpNeitherRecommendationsNorThreadsAndItsDownloadDoesNotStopServing() throws Exception {
        try (Setup s = setUp()) {
            int threadsBefore = s.service.threads();
            s.totara.inject(Fault.HANG);
            ExecutorService checks = Executors.newFixedThreadPool(100);
            try {
                List<Future<SignedClient.Answer>> inFlight = new ArrayList<>();
                for (int i = 0; i < 100; i++) {
                    inFlight.add(checks.submit(() -> s.service.client().get("/health-check")));
                }
                s.good.stillServedBy(s.service);
                // Jetty's pool may grow by its 28 spare threads, and the shared status call's HTTP client has a
                // few of its own; one thread per health check would be 100 more.
                int threadsDuring = s.service.threads();
                assertThat(threadsDuring).as("live threads with 100 health checks in flight (before: %d)",
                        threadsBefore).isLessThanOrEqualTo(threadsBefore + 40);
                for (Future<SignedClient.Answer> check : inFlight) {
                    try {
                        check.get(30, TimeUnit.SECONDS);
                    } catch (ExecutionException e) {
                        // Totara's own 2 s budget ran out on the health check: allowed while Totara hangs.
                    }
                }
            } finally {
                checks.shutdownNow();
            }

            s.service.until("cycle 2 started", () -> s.service.history().cycle(2).isPresent(),
                    UNTIL_SECOND_CYCLE_ENDS);
            s.good.stillServedBy(s.service);
            assertThat(s.service.homePage()).contains("running now");
            s.good.stillOnDisk(s.service);
        }
    }

    /** A good first cycle from a fake Totara behind the fault proxy; the second cycle at the next minute. */
    private Setup setUp() throws Exception {
        Path export = Exports.toy(root.resolve("export"));
        FaultyTotara totara = new FaultyTotara(FakeTotara.serving(export, ServiceLaunch.KEY));
        RunningService service = null;
        try {
            service = Schedule.secondCycleAfter(SECOND_CYCLE_IN).applyTo(new ServiceLaunch(root)
                    .env("ML_TOTARA_URL", totara.url().toString())).start();
            return new Setup(totara, service, LastGoodModel.afterFirstCycle(service, Exports.firstUser(export)));
        } catch (Exception | AssertionError e) {
            if (service != null) {
                service.close();
            }
            totara.close();
            throw e;
        }
    }

    private record Setup(FaultyTotara totara, RunningService service, LastGoodModel good) implements AutoCloseable {
        @Override
        public void close() throws Exception {
            try {
                service.close();
            } finally {
                totara.close();
            }
        }
    }

    /** True once the condition holds or the time is up: a bounded pause between two checks of a loop. */
    private record Deadline(Instant end, Callable<Boolean> condition) {
        Deadline(Duration within, Callable<Boolean> condition) {
            this(Instant.now().plus(within), condition);
        }

        boolean reached() throws Exception {
            return condition.call() || Instant.now().isAfter(end);
        }
    }
}
