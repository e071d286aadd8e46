package io.mlservice.service;

import io.mlservice.api.ServedModel;
import io.mlservice.api.SettableClock;
import io.mlservice.model.ModelFile;
import io.mlservice.model.ModelFolder;
import io.mlservice.model.ModelStamp;
import io.mlservice.model.PlantedTenant;
import io.mlservice.model.TenantModel;
import io.mlservice.serving.ModelRegistry;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

/** A replica's view of the shared models folder: newest complete, readable file first, whatever its source. */
class SharedModelWatchTest {
    private static final Instant NOW = Instant.parse("2026-12-01T10:00:00Z");
    private static final TenantModel TENANT = PlantedTenant.train(40, 30, 3, 5).model();

    @TempDir
    Path dir;

    private final SettableClock clock = new SettableClock(NOW);
    private final ModelRegistry registry = new ModelRegistry();
    private final AtomicReference<ServedModel> served = new AtomicReference<>();
    private SharedModelWatch watch;

    @BeforeEach
    void watch() {
        watch = new SharedModelWatch(new ModelFolder(dir, clock), registry, clock, served);
    }

    private Path save(Instant trainedAt, String source) throws IOException {
        return ModelFile.writeInto(dir, List.of(TENANT), new ModelStamp(trainedAt, trainedAt, source));
    }

    @Test
    void servesTheNewestFileOfAnySourceAndANewerOneAtTheNextPoll() throws IOException {
        save(NOW.minusSeconds(600), "https://totara.example");
        Path newer = save(NOW.minusSeconds(300), "/srv/export");

        watch.poll();

        assertThat(served.get()).isEqualTo(new ServedModel(newer.getFileName().toString(), NOW.minusSeconds(300),
                NOW));
        assertThat(registry.snapshot().ready()).isTrue();
        assertThat(registry.snapshot().tenant(TENANT.tenant())).hasValueSatisfying(e -> assertThat(e.trained())
                .isTrue());

        clock.set(NOW.plusSeconds(5));
        Path newest = save(NOW.minusSeconds(10), "/srv/export");
        watch.poll();

        assertThat(served.get().file()).isEqualTo(newest.getFileName().toString());
        assertThat(served.get().since()).isEqualTo(NOW.plusSeconds(5));
    }

    @Test
    void aHalfWrittenOrUnreadableFileIsLeftInPlaceAndAnOlderCompleteOneServes() throws IOException {
        Path complete = save(NOW.minusSeconds(600), "https://totara.example");
        Path newest = save(NOW.minusSeconds(60), "https://totara.example");
        byte[] bytes = Files.readAllBytes(newest);
        Files.write(newest, Arrays.copyOf(bytes, bytes.length - 7));
        Path temporary = dir.resolve("." + ModelFile.fileName(NOW.minusSeconds(30)) + "-123.tmp");
        Files.write(temporary, Arrays.copyOf(bytes, bytes.length / 2));

        watch.poll();

        assertThat(served.get().file()).isEqualTo(complete.getFileName().toString());
        assertThat(newest).exists();
        assertThat(temporary).exists();
        assertThat(dir.resolve(ModelFolder.UNREADABLE)).doesNotExist();

        Files.write(newest, bytes);
        watch.poll();

        assertThat(served.get().file()).isEqualTo(newest.getFileName().toString());
    }
}
