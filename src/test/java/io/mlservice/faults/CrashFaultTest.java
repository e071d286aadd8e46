package io.mlservice.faults;

import io.mlservice.model.ModelFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;

import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The service killed ({@code kill -9}) in the middle of a training and in the middle of saving a model, and started
 * on a models folder whose newest file is corrupt. After the restart the last good model serves at once and the
 * interrupted cycle is retried within minutes, not a day later.
 */
@Execution(ExecutionMode.SAME_THREAD)
class CrashFaultTest {
    private static final Duration SECOND_CYCLE_IN = Duration.ofSeconds(60);
    private static final Duration UNTIL_SECOND_CYCLE = Duration.ofMinutes(4);

    @TempDir
    Path root;

    @Test
    @Execution(ExecutionMode.CONCURRENT)
    void killedWhileTrainingTheLastGoodModelServesAfterARestartAndTheCycleIsRetriedWithinMinutes() throws Exception {
        Path export = Exports.toy(root.resolve("export"));
        ServiceLaunch launch = new ServiceLaunch(root).env("ML_EXPORT_DIR", export.toString());
        LastGoodModel good;
        try (RunningService service = Schedule.secondCycleAfter(SECOND_CYCLE_IN).applyTo(launch).start()) {
            good = LastGoodModel.afterFirstCycle(service, Exports.firstUser(export));
            // A larger export for the second cycle, so that its training lasts.
            Exports.sized(export, 1_000, 500, 10_000);
            service.until("cycle 2 is training", () -> service.history().epochs(2) > 0, UNTIL_SECOND_CYCLE);
            service.killHard();
        }

        assertRestartServesAndRetries(launch, good);
    }

    @Test
    @Execution(ExecutionMode.CONCURRENT)
    void killedWhileSavingAModelNothingGoodIsLostAndTheCycleIsRetriedWithinMinutes() throws Exception {
        Path export = Exports.toy(root.resolve("export"));
        ServiceLaunch launch = new ServiceLaunch(root).env("ML_EXPORT_DIR", export.toString());
        LastGoodModel good;
        try (RunningService service = Schedule.secondCycleAfter(SECOND_CYCLE_IN).applyTo(launch).start();
             WatchService watch = FileSystems.getDefault().newWatchService()) {
            good = LastGoodModel.afterFirstCycle(service, Exports.firstUser(export));
            // A larger model takes longer to write; the kill comes as soon as its temporary file appears.
            Exports.sized(export, 2_000, 1_000, 20_000);
            service.models().register(watch, StandardWatchEventKinds.ENTRY_CREATE);
            Path temporary = awaitTemporaryModelFile(watch, Instant.now().plus(UNTIL_SECOND_CYCLE.plusMinutes(2)));
            service.killHard();
            assertThat(Files.exists(service.models().resolve(temporary)))
                    .as("the kill came while %s was being written (before its rename)", temporary).isTrue();
        }
        try (Stream<Path> files = Files.list(launch.models())) {
            assertThat(files.map(f -> f.getFileName().toString()).filter(n -> n.endsWith(".mlm")).toList())
                    .as("complete model files after the kill").containsExactly(good.fileName());
        }

        assertRestartServesAndRetries(launch, good);
    }

    @Test
    @Execution(ExecutionMode.CONCURRENT)
    void aCorruptNewestModelIsSetAsideAndTheLastGoodOneServes() throws Exception {
        Path export = Exports.toy(root.resolve("export"));
        ServiceLaunch launch = new ServiceLaunch(root).env("ML_EXPORT_DIR", export.toString());
        LastGoodModel good;
        try (RunningService service = launch.start()) {
            good = LastGoodModel.afterFirstCycle(service, Exports.firstUser(export));
            service.stop();
        }
        String corruptName = ModelFile.fileName(Instant.now().plusSeconds(60));
        byte[] bytes = Files.readAllBytes(launch.models().resolve(good.fileName()));
        bytes[bytes.length / 2] ^= 0x5A;
        Files.write(launch.models().resolve(corruptName), bytes);

        try (RunningService restarted = launch.start()) {
            good.stillServedBy(restarted);
            good.stillOnDisk(restarted);
            assertThat(restarted.models().resolve("unreadable").resolve(corruptName))
                    .as("the corrupt file, moved aside").exists();
            assertThat(restarted.models().resolve(corruptName)).as("the corrupt file in the models folder")
                    .doesNotExist();
            assertThat(restarted.log()).containsPattern("WARN .*" + corruptName.replace(".", "\\."));
            assertThat(restarted.nextTraining()).as("the next training").isPresent();
        }
    }

    /** The service started again after a crash: the last good model, and a retry of the cycle within minutes. */
    private static void assertRestartServesAndRetries(ServiceLaunch launch, LastGoodModel good) throws Exception {
        launch.env("ML_RETRAIN_AT", "");
        Instant restart = Instant.now();
        try (RunningService restarted = launch.start()) {
            good.stillServedBy(restarted);
            good.stillOnDisk(restarted);
            HistoryFile.Cycle interrupted = restarted.history().cycle(2).orElseThrow();
            assertThat(interrupted.outcome()).as("cycle 2, found running at the start, is no longer running")
                    .isNotEqualTo("running");
            assertThat(interrupted.outcome() + " " + interrupted.message()).as("cycle 2's record")
                    .containsIgnoringCase("interrupt");
            assertThat(restarted.nextTraining()).as("the retry of the interrupted cycle").hasValueSatisfying(
                    next -> assertThat(next).isBefore(restart.plus(Duration.ofMinutes(10))));
        }
    }

    private static Path awaitTemporaryModelFile(WatchService watch, Instant deadline) throws Exception {
        while (Instant.now().isBefore(deadline)) {
            WatchKey key = watch.poll(Duration.between(Instant.now(), deadline).toMillis(), TimeUnit.MILLISECONDS);
            if (key == null) {
                break;
            }
            for (WatchEvent<?> event : key.pollEvents()) {
                if (event.context() instanceof Path created && created.toString().endsWith(".tmp")) {
                    return created;
                }
            }
            key.reset();
        }
        throw new AssertionError("no model file was being written before " + deadline);
    }
}
