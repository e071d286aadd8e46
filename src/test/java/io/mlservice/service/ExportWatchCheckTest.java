package io.mlservice.service;

import io.mlservice.api.SettableClock;
import io.mlservice.config.ServiceSettings;
import io.mlservice.config.Setting;
import io.mlservice.service.ExportWatch.Check;
import io.mlservice.service.export.ExportSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

/** One check's decision, against a real export folder and files' times; no thread, no waiting. */
class ExportWatchCheckTest {
    private static final Instant EXPORTED = Instant.parse("2026-03-05T02:00:00Z");

    @TempDir
    Path folder;

    private final SettableClock clock = new SettableClock(EXPORTED.plusSeconds(7200));
    private final AtomicReference<Duration> interval = new AtomicReference<>(Duration.ofMinutes(15));
    private final AtomicReference<Instant> lastExport = new AtomicReference<>(EXPORTED);
    private final AtomicBoolean idle = new AtomicBoolean(true);
    private final AtomicInteger started = new AtomicInteger();
    private final AtomicInteger checked = new AtomicInteger();
    private ExportWatch watch;

    @BeforeEach
    void exportFolder() throws Exception {
        Files.writeString(folder.resolve("tenants.csv"), "tenants\n0\n");
        stamp(EXPORTED);
        ServiceSettings settings = ServiceSettings.defaults().with(Setting.EXPORT_DIR, folder.toString());
        ExportSource source = ExportSource.from(settings, List.of(), clock);
        watch = new ExportWatch(interval::get, () -> source, () -> Optional.ofNullable(lastExport.get()),
                idle::get, started::incrementAndGet, new ServiceListener() {
                    @Override
                    public void exportChecked(boolean newer) {
                        checked.incrementAndGet();
                    }
                }, clock);
    }

    @Test
    void anUnchangedExportStartsNothingAndANewerOneStartsOneCycle() throws IOException {
        assertThat(watch.check()).isEqualTo(Check.UNCHANGED);

        stamp(EXPORTED.plusSeconds(60));

        assertThat(watch.check()).isEqualTo(Check.STARTED);
        assertThat(started).hasValue(1);
        assertThat(checked).hasValue(2);
    }

    @Test
    void aNewerExportACycleCouldNotObtainIsLeftToTheRetriesUntilAnEvenNewerOne() throws IOException {
        stamp(EXPORTED.plusSeconds(60));
        assertThat(watch.check()).isEqualTo(Check.STARTED);

        assertThat(watch.check()).as("the cycle failed before recording it: no second start").isEqualTo(Check.UNCHANGED);
        stamp(EXPORTED.plusSeconds(120));
        assertThat(watch.check()).isEqualTo(Check.STARTED);
        assertThat(started).hasValue(2);
    }

    @Test
    void nothingIsAskedWhenOffWithoutAKnownExportOrWhileACycleRunsOrIsDue() throws IOException {
        stamp(EXPORTED.plusSeconds(60));
        interval.set(Duration.ZERO);
        assertThat(watch.check()).isEqualTo(Check.SKIPPED);
        interval.set(Duration.ofMinutes(15));
        idle.set(false);
        assertThat(watch.check()).isEqualTo(Check.SKIPPED);
        idle.set(true);
        lastExport.set(null);
        assertThat(watch.check()).isEqualTo(Check.SKIPPED);

        assertThat(started).hasValue(0);
        assertThat(checked).hasValue(0);
    }

    @Test
    void aFailedCheckChangesNothing() throws IOException {
        Files.delete(folder.resolve("tenants.csv"));
        Files.delete(folder);

        assertThat(watch.check()).isEqualTo(Check.FAILED);
        clock.advance(Duration.ofMinutes(15));
        assertThat(watch.check()).isEqualTo(Check.FAILED);
        assertThat(started).hasValue(0);
        assertThat(checked).hasValue(0);
    }

    private void stamp(Instant time) throws IOException {
        Files.setLastModifiedTime(folder.resolve("tenants.csv"), FileTime.from(time));
    }
}
