package io.mlservice.totara;

import io.mlservice.config.Secret;
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

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Telling a new export from an old one with a signed conditional GET, against the fake Totara over real HTTP. */
class ExportFreshnessTest {
    private static final String KEY = "freshness-shared-key";

    @TempDir
    Path root;

    private Path export;
    private FakeTotara totara;

    @BeforeEach
    void exportOnFakeTotara() throws IOException {
        export = root.resolve("export");
        new DemoExportGenerator(DemoExportGenerator.Spec.toy()).write(export);
        totara = FakeTotara.serving(export, KEY);
    }

    @AfterEach
    void stopTotara() {
        totara.close();
    }

    @Test
    void aDownloadedExportKeepsTotarasTimeAndAskingWithItIsAnswered304() throws Exception {
        Instant published = totara.publishNewExport();
        Path staged = downloader().download(root.resolve("staging"), (file, status, bytes, millis, outcome) -> { });

        assertThat(ExportFreshness.exportTime(staged)).contains(published);
        assertThat(freshness().newerThan(published)).isEmpty();
        assertThat(totara.answered("tenants.csv", 304)).isEqualTo(1);
    }

    @Test
    void aNewExportIsToldByItsLastModifiedWithoutItsBody() throws Exception {
        Instant old = totara.publishNewExport();
        Instant published = totara.publishNewExport();

        assertThat(freshness().newerThan(old)).contains(published);
        assertThat(totara.served()).extracting(FakeTotara.Served::file).containsExactly("tenants.csv");
    }

    @Test
    void withoutMultiTenancyTheSingleTenantsInteractionsAreAsked() throws Exception {
        Files.delete(export.resolve("tenants.csv"));
        Instant published = totara.publishNewExport();

        assertThat(freshness().newerThan(published)).isEmpty();
        assertThat(totara.answered("tenants.csv", 204)).isEqualTo(1);
        assertThat(totara.answered("user_interactions_0.csv", 304)).isEqualTo(1);
        assertThat(freshness().newerThan(published.minusSeconds(1))).contains(published);
    }

    @Test
    void anExportStillBeingWrittenIsNotNewYet() throws Exception {
        totara.answer("tenants.csv", 202);

        assertThat(freshness().newerThan(Instant.EPOCH)).isEmpty();
    }

    @Test
    void aRefusalIsAFailureNamingTheAnswer() {
        totara.failAll(404);

        assertThatThrownBy(() -> freshness().newerThan(Instant.EPOCH)).isInstanceOf(ExportFetchException.class)
                .hasMessageContaining("404").hasMessageContaining("tenants.csv");
    }

    @Test
    void aFoldersTimeIsItsExportFilesNewest() throws IOException {
        Instant newest = Instant.parse("2030-01-02T03:04:05.678Z");
        Files.setLastModifiedTime(export.resolve("item_data_0.csv"), FileTime.from(newest));
        Files.setLastModifiedTime(Files.writeString(export.resolve("notes.txt"), "not an export file"),
                FileTime.from(newest.plusSeconds(60)));

        assertThat(ExportFreshness.exportTime(export)).contains(newest);
        assertThat(ExportFreshness.exportTime(Files.createDirectory(root.resolve("empty")))).isEmpty();
    }

    private ExportFreshness freshness() throws IOException {
        return new ExportFreshness(client());
    }

    private ExportDownloader downloader() throws IOException {
        return new ExportDownloader(client(), 1L << 30, new Duration[0], ExportDownloader.Sleeper.REAL);
    }

    private TotaraClient client() throws IOException {
        return new TotaraClient(totara.url(), Secret.of(KEY), null, null, Duration.ofSeconds(5), Clock.systemUTC());
    }
}
