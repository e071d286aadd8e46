package io.mlservice.model;

import io.mlservice.api.SettableClock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** Model files chosen and rotated by the stamp inside them, never by their names. */
class ModelFolderTest {
    private static final Instant NOW = Instant.parse("2026-11-27T10:00:00Z");
    private static final String SOURCE = "https://totara.example";

    @TempDir
    Path dir;

    private final SettableClock clock = new SettableClock(NOW);

    private ModelFolder folder() {
        return new ModelFolder(dir, clock);
    }

    private static TenantModel tenant(String id) {
        return ModelFileTest.handBuiltTenant(id, null);
    }

    private Path save(Instant trainedAt, Instant cycle, String... tenants) throws IOException {
        return ModelFile.writeInto(dir, Arrays.stream(tenants).map(ModelFolderTest::tenant).toList(),
                new ModelStamp(trainedAt, cycle, SOURCE));
    }

    @Test
    void theNewestIsChosenByTheTimeInsideAndAFutureNameDoesNotWin() throws IOException {
        Path real = save(NOW.minusSeconds(60), NOW.minusSeconds(600), "1");
        Path older = save(NOW.minusSeconds(3600), NOW.minusSeconds(4000), "1");
        Path renamed = Files.move(older, dir.resolve("model-20991231T000000Z.mlm"));
        Path future = save(NOW.plus(Duration.ofDays(400)), NOW.plus(Duration.ofDays(400)), "1");
        Path corruptFuture = dir.resolve("model-20990101T000000Z.mlm");
        Files.write(corruptFuture, new byte[]{'M', 'L', 'S'});

        assertThat(folder().newest()).map(ModelFolder.Saved::file).contains(real);
        assertThat(folder().readable()).extracting(ModelFolder.Saved::file).containsExactly(real, renamed, future);
    }

    @Test
    void aFileOfFormatOneNamedInTheFutureDoesNotWin() throws IOException {
        Path real = save(NOW.minusSeconds(60), NOW.minusSeconds(60), "1");
        byte[] one = ModelFileTest.formatOne();
        Files.write(dir.resolve("model-20991231T000000Z.mlm"), one);

        assertThat(folder().newest()).map(ModelFolder.Saved::file).contains(real);
    }

    @Test
    void rotationKeepsTheLastStateOfTheThreeNewestCyclesAndMovesUnreadableFilesAside() throws IOException {
        Instant a = NOW.minus(Duration.ofDays(3));
        Instant b = NOW.minus(Duration.ofDays(2));
        Instant c = NOW.minus(Duration.ofDays(1));
        Path oldest = save(a, a, "1", "2", "3", "4");
        Path bFirst = save(b.plusSeconds(10), b, "1", "2", "3", "4");
        Path bLast = save(b.plusSeconds(20), b, "1", "2", "3", "4");
        Path cFirst = save(c.plusSeconds(10), c, "1", "2", "3", "4");
        Path cLast = save(c.plusSeconds(20), c, "1", "2", "3", "4");
        Path corrupt = dir.resolve("model-20991231T000000Z.mlm");
        byte[] bytes = Files.readAllBytes(cLast);
        Files.write(corrupt, Arrays.copyOf(bytes, bytes.length - 3));

        // a new cycle: four tenants, one file each as each is swapped in
        Path d1 = save(NOW.plusSeconds(1), NOW, "1", "2", "3", "4");
        folder().rotate(d1);
        Path d2 = save(NOW.plusSeconds(2), NOW, "1", "2", "3", "4");
        folder().rotate(d2);
        Path d3 = save(NOW.plusSeconds(3), NOW, "1", "2", "3", "4");
        folder().rotate(d3);

        assertThat(modelFiles()).as("this cycle's newest file and the two cycles before, each complete")
                .containsExactlyInAnyOrder(d3, cLast, bLast);
        assertThat(oldest).doesNotExist();
        assertThat(bFirst).doesNotExist();
        assertThat(cFirst).doesNotExist();
        assertThat(dir.resolve(ModelFolder.UNREADABLE).resolve(corrupt.getFileName()))
                .as("moved aside, not deleted").exists();
        for (Path kept : List.of(d3, cLast, bLast)) {
            assertThat(ModelFile.read(kept)).hasSize(4);
        }
    }

    private List<Path> modelFiles() throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(f -> f.getFileName().toString().endsWith(".mlm")).toList();
        }
    }
}
