package io.mlservice.totara;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.mlservice.config.Secret;
import io.mlservice.totara.demo.DemoExportGenerator;
import io.mlservice.totara.demo.DemoExportGenerator.Spec;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExportDownloaderTest {
    private static final String KEY = "downloader-key-51d0e2";
    private static final Duration[] BACKOFF = {Duration.ofSeconds(10), Duration.ofSeconds(30), Duration.ofSeconds(60)};

    @TempDir
    Path export;
    @TempDir
    Path staging;
    private FakeTotara totara;
    private final List<Duration> slept = Collections.synchronizedList(new ArrayList<>());
    private final List<Fetched> fetched = Collections.synchronizedList(new ArrayList<>());
    private final FetchListener listener =
            (file, status, bytes, millis, outcome) -> fetched.add(new Fetched(file, status, bytes, millis, outcome));

    record Fetched(String file, int status, long bytes, long millis, String outcome) {
    }

    @BeforeEach
    void startTotara() {
        totara = FakeTotara.serving(export, KEY);
    }

    @AfterEach
    void stopTotara() {
        totara.close();
    }

    @Test
    void aMultiTenantExportArrivesWholeAndReadable() throws Exception {
        new DemoExportGenerator(new Spec(90, 60, 900, 3, 7)).write(export);

        Path staged = downloader(KEY).download(staging, listener);

        assertThat(staged.getParent()).isEqualTo(staging);
        assertThat(staged.getFileName().toString()).matches("\\d{8}-\\d{6}-\\d{3}");
        assertThat(childrenOf(staging)).containsExactly(staged);
        assertThat(filesOf(staged)).isEqualTo(filesOf(export));
        for (String file : filesOf(export)) {
            assertThat(Files.mismatch(staged.resolve(file), export.resolve(file))).as(file).isEqualTo(-1);
        }
        ExportReader reader = new ExportReader();
        assertThat(reader.readTenants(staged)).containsExactly("1", "2", "3");
        assertThat(reader.readTenant(staged, "2").users()).hasSize(30);
        assertThat(fetched).extracting(Fetched::file).containsExactly("tenants.csv",
                "user_interactions_1.csv", "user_data_1.csv", "item_data_1.csv",
                "user_interactions_2.csv", "user_data_2.csv", "item_data_2.csv",
                "user_interactions_3.csv", "user_data_3.csv", "item_data_3.csv");
        for (Fetched f : fetched) {
            assertThat(f.status()).isEqualTo(200);
            assertThat(f.outcome()).isEqualTo("downloaded");
            assertThat(f.bytes()).isEqualTo(Files.size(export.resolve(f.file())));
        }
        assertThat(slept).isEmpty();
    }

    @Test
    void aSiteWithoutTenantsAnswers204AndGivesTenantZero() throws Exception {
        new DemoExportGenerator(Spec.toy()).write(export);
        Files.delete(export.resolve("tenants.csv"));

        Path staged = downloader(KEY).download(staging, listener);

        assertThat(filesOf(staged)).containsExactlyInAnyOrder(
                "user_interactions_0.csv", "user_data_0.csv", "item_data_0.csv");
        assertThat(new ExportReader().readTenants(staged)).containsExactly("0");
        assertThat(new ExportReader().readTenant(staged, "0").items()).hasSize(40);
        assertThat(fetched.get(0)).isEqualTo(new Fetched("tenants.csv", 204, 0, fetched.get(0).millis(),
                "no tenants file: multi-tenancy is off, tenant 0 only"));
    }

    @Test
    void a202IsRetriedAfterEachBackOffDelay() throws Exception {
        new DemoExportGenerator(Spec.toy()).write(export);
        totara.answer("tenants.csv", 202, 202);
        totara.answer("user_data_0.csv", 202);

        Path staged = downloader(KEY).download(staging, listener);

        assertThat(slept).containsExactly(Duration.ofSeconds(10), Duration.ofSeconds(30), Duration.ofSeconds(10));
        assertThat(totara.requests("tenants.csv")).isEqualTo(3);
        assertThat(totara.requests("user_data_0.csv")).isEqualTo(2);
        assertThat(fetched).extracting(Fetched::file, Fetched::status).containsExactly(
                org.assertj.core.groups.Tuple.tuple("tenants.csv", 202),
                org.assertj.core.groups.Tuple.tuple("tenants.csv", 202),
                org.assertj.core.groups.Tuple.tuple("tenants.csv", 200),
                org.assertj.core.groups.Tuple.tuple("user_interactions_0.csv", 200),
                org.assertj.core.groups.Tuple.tuple("user_data_0.csv", 202),
                org.assertj.core.groups.Tuple.tuple("user_data_0.csv", 200),
                org.assertj.core.groups.Tuple.tuple("item_data_0.csv", 200));
        assertThat(fetched.get(1).outcome()).isEqualTo("Totara is still exporting; trying again in 30 s");
        assertThat(new ExportReader().readTenant(staged, "0").users()).hasSize(60);
    }

    @Test
    void stillExportingAfterEveryTryFailsRetryablyAndLeavesNothing() throws IOException {
        new DemoExportGenerator(Spec.toy()).write(export);
        totara.failAll(202);

        ExportFetchException e = catchThrowableOfType(ExportFetchException.class,
                () -> downloader(KEY).download(staging, listener));

        assertThat(e.retryable()).isTrue();
        assertThat(e.kind()).isEqualTo(TotaraFailure.EXPORT_NOT_READY);
        assertThat(e.getMessage()).isEqualTo(
                "Totara is still exporting (HTTP 202 for tenants.csv after 4 tries over 100 s); will retry");
        assertThat(slept).containsExactly(BACKOFF);
        assertThat(totara.requests("tenants.csv")).isEqualTo(4);
        assertThat(fetched).last().extracting(Fetched::outcome)
                .isEqualTo("Totara is still exporting; giving up for now");
        assertThat(childrenOf(staging)).isEmpty();
    }

    @Test
    void anInterruptedWaitStopsTheDownloadAndLeavesNothing() throws IOException {
        new DemoExportGenerator(Spec.toy()).write(export);
        totara.answer("user_data_0.csv", 202);
        ExportDownloader downloader = new ExportDownloader(client(totara.url(), KEY), 1 << 20, BACKOFF,
                delay -> {
                    throw new InterruptedException("stopping");
                });

        InterruptedException e = catchThrowableOfType(InterruptedException.class,
                () -> downloader.download(staging, listener));

        assertThat(e).hasMessage("stopping");
        assertThat(totara.requests("item_data_0.csv")).isZero();
        assertThat(childrenOf(staging)).isEmpty();
    }

    @Test
    void aWrongKeyGetsAnActionableMessageWithoutTheKey() throws IOException {
        new DemoExportGenerator(Spec.toy()).write(export);
        String wrongKey = "not-the-shared-key-93b1";

        ExportFetchException e = catchThrowableOfType(ExportFetchException.class,
                () -> downloader(wrongKey).download(staging, listener));

        assertThat(e.retryable()).isFalse();
        assertThat(e.getMessage()).isEqualTo("Totara answered 404 for tenants.csv at " + totara.url()
                + "/pluginfile.php/1/ml_recommender/export/tenants.csv: the key differs from $CFG->ml_service_key, "
                + "the clocks differ by more than 30 s, or the export has not run yet "
                + "(php server/ml/recommender/cli/export_data.php)");
        assertThat(e.getMessage()).doesNotContain(wrongKey).doesNotContain(KEY);
        assertThat(e.kind()).isEqualTo(TotaraFailure.WRONG_KEY_OR_CLOCK);
        assertThat(fetched).singleElement().satisfies(f -> {
            assertThat(f.status()).isEqualTo(404);
            assertThat(f.outcome()).isEqualTo(e.getMessage());
        });
        assertThat(childrenOf(staging)).isEmpty();
    }

    @Test
    void aMissingTenantFileFailsTheDownloadAndLeavesNoPartialFolder() throws IOException {
        new DemoExportGenerator(new Spec(90, 60, 900, 3, 7)).write(export);
        Files.delete(export.resolve("item_data_2.csv"));

        ExportFetchException e = catchThrowableOfType(ExportFetchException.class,
                () -> downloader(KEY).download(staging, listener));

        assertThat(e.retryable()).isFalse();
        assertThat(e.getMessage()).startsWith("Totara answered 404 for item_data_2.csv at ")
                .contains("export_data.php").doesNotContain(KEY);
        assertThat(fetched).extracting(Fetched::status).containsExactly(200, 200, 200, 200, 200, 200, 404);
        assertThat(childrenOf(staging)).isEmpty();
    }

    @Test
    void aFailedDownloadLeavesTheLastCompleteOneAlone() throws Exception {
        new DemoExportGenerator(Spec.toy()).write(export);
        Path good = downloader(KEY).download(staging, listener);
        List<String> goodFiles = filesOf(good);
        totara.failAll(500);

        ExportFetchException e = catchThrowableOfType(ExportFetchException.class,
                () -> downloader(KEY).download(staging, listener));

        assertThat(e.retryable()).isTrue();
        assertThat(e.kind()).isEqualTo(TotaraFailure.HTTP_ERROR);
        assertThat(e.getMessage()).startsWith("Totara answered 500 for tenants.csv at ")
                .endsWith(": a server error on Totara's side (see its web server and PHP error logs)");
        assertThat(childrenOf(staging)).containsExactly(good);
        assertThat(filesOf(good)).isEqualTo(goodFiles);
    }

    @Test
    void refusedAndMisdirectedAnswersAreNotRetryable() throws IOException {
        new DemoExportGenerator(Spec.toy()).write(export);
        totara.failAll(403);
        ExportFetchException forbidden = catchThrowableOfType(ExportFetchException.class,
                () -> downloader(KEY).download(staging, listener));
        totara.failAll(301);
        ExportFetchException moved = catchThrowableOfType(ExportFetchException.class,
                () -> downloader(KEY).download(staging, listener));

        assertThat(forbidden.retryable()).isFalse();
        assertThat(forbidden.kind()).isEqualTo(TotaraFailure.WRONG_KEY_OR_CLOCK);
        assertThat(moved.kind()).isEqualTo(TotaraFailure.REDIRECTED);
        assertThat(forbidden.getMessage()).contains("Totara answered 403 for tenants.csv", "ML_TOTARA_KEY",
                "$CFG->ml_service_key");
        assertThat(moved.retryable()).isFalse();
        assertThat(moved.getMessage()).contains("a redirect", "ML_TOTARA_URL");
        assertThat(childrenOf(staging)).isEmpty();
    }

    @Test
    void aFileOverTheSizeLimitFailsTheDownload() throws IOException {
        new DemoExportGenerator(Spec.toy()).write(export);
        long limit = Files.size(export.resolve("user_interactions_0.csv")) - 1;
        ExportDownloader downloader = new ExportDownloader(client(totara.url(), KEY), limit, BACKOFF, slept::add);

        ExportFetchException e = catchThrowableOfType(ExportFetchException.class,
                () -> downloader.download(staging, listener));

        assertThat(e.retryable()).isFalse();
        assertThat(e.kind()).isEqualTo(TotaraFailure.TOO_LARGE);
        assertThat(e.getMessage()).startsWith("user_interactions_0.csv from Totara is larger than the limit of "
                + limit + " bytes");
        assertThat(fetched).last().satisfies(f -> {
            assertThat(f.file()).isEqualTo("user_interactions_0.csv");
            assertThat(f.status()).isZero();
        });
        assertThat(childrenOf(staging)).isEmpty();
    }

    @Test
    void aClosedPortIsReportedWithTheUrl() throws IOException {
        int port = TotaraClientTest.closedPort();
        ExportDownloader downloader = new ExportDownloader(
                client(URI.create("http://127.0.0.1:" + port), KEY), 1 << 20, BACKOFF, slept::add);

        ExportFetchException e = catchThrowableOfType(ExportFetchException.class,
                () -> downloader.download(staging, listener));

        assertThat(e.retryable()).isTrue();
        assertThat(e.kind()).isEqualTo(TotaraFailure.UNREACHABLE);
        assertThat(e.getMessage()).isEqualTo("Could not connect to Totara at http://127.0.0.1:" + port
                + "/pluginfile.php/1/ml_recommender/export/tenants.csv: connection refused (is Totara running, "
                + "and is ML_TOTARA_URL right?)");
        assertThat(fetched).singleElement().satisfies(f -> {
            assertThat(f.status()).isZero();
            assertThat(f.outcome()).isEqualTo(e.getMessage());
        });
        assertThat(childrenOf(staging)).isEmpty();
    }

    @Test
    void anUnknownHostIsReportedWithTheHost() throws IOException {
        ExportDownloader downloader = new ExportDownloader(
                client(URI.create("http://no-such-host.invalid"), KEY), 1 << 20, BACKOFF, slept::add);

        ExportFetchException e = catchThrowableOfType(ExportFetchException.class,
                () -> downloader.download(staging, listener));

        assertThat(e.kind()).isEqualTo(TotaraFailure.NAME_NOT_FOUND);
        assertThat(e.getMessage()).isEqualTo("Unable to resolve the Totara host no-such-host.invalid of "
                + "http://no-such-host.invalid (ML_TOTARA_URL)");
        assertThat(e.getMessage()).doesNotContain(KEY);
        assertThat(childrenOf(staging)).isEmpty();
    }

    @Test
    void aMalformedTenantsFileNamesItsProblem() throws IOException {
        new DemoExportGenerator(Spec.toy()).write(export);
        ExportFolder.write(export, "tenants.csv", "tenants\n../etc\n");

        ExportFetchException e = catchThrowableOfType(ExportFetchException.class,
                () -> downloader(KEY).download(staging, listener));

        assertThat(e.kind()).isEqualTo(TotaraFailure.MALFORMED_EXPORT);
        assertThat(e.getMessage()).startsWith("Totara's tenants.csv line 2").contains("is not a tenant id");
        assertThat(e.retryable()).isFalse();
        assertThat(childrenOf(staging)).isEmpty();
    }

    @Test
    void onlyTheTwoNewestCompleteDownloadsAreKept() throws Exception {
        new DemoExportGenerator(Spec.toy()).write(export);
        Path leftover = Files.createDirectories(staging.resolve("20200101-000000-000-partial"));
        Files.writeString(leftover.resolve("tenants.csv"), "tenants\n0\n");
        Path foreign = Files.createDirectories(staging.resolve("notes"));
        ExportDownloader downloader = downloader(KEY);

        Path first = downloader.download(staging, listener);
        Path second = downloader.download(staging, listener);
        Path third = downloader.download(staging, listener);

        assertThat(List.of(first, second, third)).doesNotHaveDuplicates();
        assertThat(childrenOf(staging)).containsExactlyInAnyOrder(second, third, foreign);
        assertThat(filesOf(third)).isEqualTo(filesOf(export));
    }

    private ExportDownloader downloader(String key) throws IOException {
        return new ExportDownloader(client(totara.url(), key), 1 << 20, BACKOFF, slept::add);
    }

    private static TotaraClient client(URI url, String key) throws IOException {
        return new TotaraClient(url, Secret.of(key), null, null, Duration.ofSeconds(5), Clock.systemUTC());
    }

    private static List<Path> childrenOf(Path folder) throws IOException {
        try (Stream<Path> children = Files.list(folder)) {
            return children.sorted().toList();
        }
    }

    private static List<String> filesOf(Path folder) throws IOException {
        return childrenOf(folder).stream().map(p -> p.getFileName().toString()).sorted().toList();
    }
}
