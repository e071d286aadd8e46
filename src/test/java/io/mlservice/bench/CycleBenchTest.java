package io.mlservice.bench;

import io.mlservice.cli.Main;
import io.mlservice.totara.demo.DemoExportGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** The cost curve's row on the 10k demo export: every field measured and sensible (timings are not judged). */
class CycleBenchTest {

    @Test
    void aWholeCycleOnTheSmallestExportGivesARowOfSensibleFigures(@TempDir Path work) throws Exception {
        ByteArrayOutputStream progress = new ByteArrayOutputStream();
        CycleRow row = new CycleBench(work, 1, 300, 42, new PrintStream(progress, true, StandardCharsets.UTF_8))
                .run("10k", DemoExportGenerator.Spec.small());

        assertThat(row.size()).isEqualTo("10k");
        // the night before the whole export: without the users and items only its newest rows bring
        assertThat(row.users()).isBetween(900, 1_000);
        assertThat(row.items()).isBetween(450, 500);
        // the night before the whole export, the latest per (user, item) pair
        assertThat(row.interactions()).isBetween(8_700, 9_700);
        Duration parts = row.readAssemble().plus(row.search()).plus(row.evaluate()).plus(row.finalFit())
                .plus(row.save());
        assertThat(row.search()).isPositive();
        assertThat(row.finalFit()).isPositive();
        assertThat(row.cycle()).isGreaterThanOrEqualTo(parts);
        assertThat(row.warmRetrain()).as("the next night is a warm retrain").isPresent();
        assertThat(row.warmRetrain().orElseThrow()).isPositive();
        assertThat(row.peakHeap()).isPositive().isLessThanOrEqualTo(row.maxHeap());
        assertThat(row.peakAfterGc()).isPositive().isLessThanOrEqualTo(row.maxHeap());
        assertThat(row.maxHeap()).isEqualTo(Runtime.getRuntime().maxMemory());
        assertThat(row.modelFileBytes()).isGreaterThan(100_000);
        assertThat(row.userItems().users()).isEqualTo(300);
        assertThat(row.userItems().itemType()).isNotBlank();
        assertThat(row.userItems().medianNanos()).isPositive();
        assertThat(row.userItems().p99Nanos()).isGreaterThanOrEqualTo(row.userItems().medianNanos());
        assertThat(row.precision()).isBetween(0.01, 1.0);
        assertThat(row.easePrecision()).isBetween(0.01, 1.0);
        assertThat(row.chosen()).contains("k=");

        String markdown = row.markdown();
        assertThat(markdown.split("\\|", -1)).hasSize(CycleRow.header().lines().findFirst().orElseThrow()
                .split("\\|", -1).length);
        assertThat(progress.toString(StandardCharsets.UTF_8)).contains("[10k] search", "[10k] final fit",
                "[10k] save", "heap pools' peak by phase", "[10k] next night", "warm retrain in");
        assertThat(work.resolve("10k")).doesNotExist(); // the export and the model folder are deleted after the row
        try (Stream<Path> left = Files.list(work)) {
            assertThat(left).isEmpty();
        }
    }

    @Test
    void anUnknownSizeIsRefusedBeforeAnyWork() {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream previous = System.err;
        int code;
        try (PrintStream capture = new PrintStream(err, true, StandardCharsets.UTF_8)) {
            System.setErr(capture);
            code = Main.run("bench", "cycle", "--sizes", "10k,20m");
        } finally {
            System.setErr(previous);
        }
        assertThat(code).isNotZero();
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("unknown size '20m'", "10m");
    }
}
