package io.mlservice.faults;

import io.mlservice.totara.FakeTotara;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The machine running out: of heap while reading an export and while training, of disk while downloading and
 * while saving. Each time the service has trained once (the last good model) and meets the shortage in its second
 * cycle: it says so in its log, records the cycle as failed, keeps serving and retries within minutes.
 */
@Execution(ExecutionMode.SAME_THREAD)
class ResourceFaultTest {
    private static final Duration SECOND_CYCLE_IN = Duration.ofSeconds(60);
    private static final Duration UNTIL_SECOND_CYCLE_ENDS = Duration.ofMinutes(5);
    /** Enough for the toy export and its model (twice over), too little for the larger ones. */
    private static final long SMALL_DISK_BYTES = 1L << 20;

    @TempDir
    Path root;

    @Test
    @Execution(ExecutionMode.CONCURRENT)
    void runningOutOfMemoryWhileReadingTheExportFailsTheCycleLoudlyAndServingGoesOn() throws Exception {
        Path export = Exports.toy(root.resolve("export"));
        ServiceLaunch launch = new ServiceLaunch(root).env("ML_EXPORT_DIR", export.toString()).heap("96m");
        try (RunningService service = Schedule.secondCycleAfter(SECOND_CYCLE_IN).applyTo(launch).start()) {
            LastGoodModel good = LastGoodModel.afterFirstCycle(service, Exports.firstUser(export));
            // One 15 MB description: under the reader's 16 MB field limit, over what this heap holds while reading.
            Exports.addHugeDescription(export, 15 << 20);
            service.until("cycle 2 ended", () -> service.history().ended(2), UNTIL_SECOND_CYCLE_ENDS);

            assertOutOfMemoryHandled(service, good);
        }
    }

    @Test
    @Execution(ExecutionMode.CONCURRENT)
    void runningOutOfMemoryWhileTrainingFailsTheCycleLoudlyAndServingGoesOn() throws Exception {
        Path export = Exports.toy(root.resolve("export"));
        ServiceLaunch launch = new ServiceLaunch(root).env("ML_EXPORT_DIR", export.toString()).heap("96m");
        try (RunningService service = Schedule.secondCycleAfter(SECOND_CYCLE_IN).applyTo(launch).start()) {
            LastGoodModel good = LastGoodModel.afterFirstCycle(service, Exports.firstUser(export));
            Exports.sized(export, 20_000, 4_000, 200_000);
            service.until("cycle 2 ended", () -> service.history().ended(2), UNTIL_SECOND_CYCLE_ENDS);

            assertOutOfMemoryHandled(service, good);
            assertThat(service.log()).as("cycle 2 read the export and ran out while training")
                    .contains("Tenant 0: training hybrid on 20000 users");
        }
    }

    @Test
    @EnabledOnOs(value = OS.LINUX, disabledReason = "a disk of its own through a tmpfs in a Linux mount namespace")
    @Execution(ExecutionMode.CONCURRENT)
    void aFullDiskWhileDownloadingFailsTheCycleLeavesNoPartialExportAndServingGoesOn() throws Exception {
        Path export = Exports.toy(root.resolve("export"));
        try (FakeTotara totara = FakeTotara.serving(export, ServiceLaunch.KEY);
             RunningService service = Schedule.secondCycleAfter(SECOND_CYCLE_IN).applyTo(new ServiceLaunch(root)
                     .env("ML_TOTARA_URL", totara.url().toString()).modelsOnSmallDisk(SMALL_DISK_BYTES)).start()) {
            LastGoodModel good = LastGoodModel.afterFirstCycle(service, Exports.firstUser(export));
            totara.replaceExport(Exports.sized(root.resolve("larger-export"), 5_000, 2_000, 60_000));
            service.until("cycle 2 ended", () -> service.history().ended(2), UNTIL_SECOND_CYCLE_ENDS);

            good.stillServedBy(service);
            good.stillOnDisk(service);
            LastGoodModel.failedAndRetrySoon(service, 2);
            try (Stream<Path> staged = Files.list(service.models().resolve("exports"))) {
                assertThat(staged.map(p -> p.getFileName().toString()).toList())
                        .as("staged exports: the first cycle's, and no partial one").hasSize(1)
                        .noneMatch(n -> n.endsWith("-partial"));
            }
            assertThat(service.history().cycle(2).orElseThrow().message()).containsIgnoringCase("space");
        }
    }

    @Test
    @EnabledOnOs(value = OS.LINUX, disabledReason = "a disk of its own through a tmpfs in a Linux mount namespace")
    @Execution(ExecutionMode.CONCURRENT)
    void aFullDiskWhileSavingKeepsTheLastGoodModelAndServingGoesOn() throws Exception {
        Path export = Exports.toy(root.resolve("export"));
        ServiceLaunch launch = new ServiceLaunch(root).env("ML_EXPORT_DIR", export.toString())
                .modelsOnSmallDisk(SMALL_DISK_BYTES);
        try (RunningService service = Schedule.secondCycleAfter(SECOND_CYCLE_IN).applyTo(launch).start()) {
            LastGoodModel good = LastGoodModel.afterFirstCycle(service, Exports.firstUser(export));
            Exports.sized(export, 2_000, 1_000, 20_000);
            service.until("cycle 2 ended", () -> service.history().ended(2), UNTIL_SECOND_CYCLE_ENDS);

            good.stillServedBy(service);
            good.stillOnDisk(service);
            LastGoodModel.failedAndRetrySoon(service, 2);
            try (Stream<Path> files = Files.list(service.models())) {
                assertThat(files.map(f -> f.getFileName().toString()).filter(n -> !n.equals("exports")).toList())
                        .as("the models folder: the good model and no half-written one")
                        .containsExactly(good.fileName());
            }
            assertThat(service.log()).containsIgnoringCase("no space left");
        }
    }

    private static void assertOutOfMemoryHandled(RunningService service, LastGoodModel good) throws Exception {
        good.stillServedBy(service);
        good.stillOnDisk(service);
        LastGoodModel.failedAndRetrySoon(service, 2);
        String log = service.log();
        assertThat(log).as("ml-service.log").containsPattern("(?m)^\\S+ ERROR ")
                .containsPattern("OutOfMemoryError|out of memory");
        good.summaryRowAdded(service);
    }
}
