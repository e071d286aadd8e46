package io.mlservice.totara;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.mlservice.config.Secret;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TotaraClientTest {
    private static final String KEY = "shared-key-7f3a9c";
    private static final Duration TIMEOUT = Duration.ofSeconds(5);

    @TempDir
    Path export;
    @TempDir
    Path downloads;
    private FakeTotara totara;

    @BeforeEach
    void startTotara() {
        ExportFolder.writeTenant(export);
        totara = FakeTotara.serving(export, KEY);
    }

    @AfterEach
    void stopTotara() {
        totara.close();
    }

    @Test
    void statusIsOkWhenTotaraAnswersOk() throws IOException {
        TotaraStatus status = client(totara.url()).status();

        assertThat(status.ok()).as(status.error()).isTrue();
        assertThat(status.url()).isEqualTo(totara.url().toString());
        assertThat(status.ip()).isEqualTo("127.0.0.1");
        assertThat(status.elapsedSeconds()).isGreaterThan(0).isLessThan(TIMEOUT.toSeconds());
        assertThat(totara.served()).containsExactly(
                new FakeTotara.Served(FakeTotara.STATUS_ENDPOINT, 200, TotaraToken.USER_AGENT));
    }

    @Test
    void statusReportsAnUnexpectedAnswer() throws IOException {
        totara.statusReplies(200, "{\"errors\":[{\"message\":\"Internal server error\"}]}");
        assertThat(client(totara.url()).status().error()).isEqualTo("Unable to communicate with Totara: unexpected answer");

        totara.statusReplies(200, "<html>Log in</html>");
        TotaraStatus loginPage = client(totara.url()).status();
        assertThat(loginPage.error()).isEqualTo("Unable to communicate with Totara: unexpected answer");
        assertThat(loginPage.failure()).isEqualTo(TotaraFailure.NOT_TOTARA);
        assertThat(loginPage.problem().httpStatus()).isEqualTo(200);

        totara.statusReplies(200, "{\"data\":{\"totara_webapi_status\":{\"status\":\"maintenance\"}}}");
        assertThat(client(totara.url()).status().ok()).isFalse();
    }

    @Test
    void statusOfAnAddressThatIsNotTotarasWebRootIsNotTotara() throws IOException {
        TotaraStatus status = client(URI.create(totara.url() + "/login")).status();

        assertThat(status.error()).isEqualTo("Unable to communicate with Totara: HTTP 404");
        assertThat(status.failure()).isEqualTo(TotaraFailure.NOT_TOTARA);
        assertThat(status.problem().httpStatus()).isEqualTo(404);
    }

    @Test
    void statusReportsAnHttpError() throws IOException {
        totara.statusReplies(503, FakeTotara.STATUS_OK);

        TotaraStatus status = client(totara.url()).status();

        assertThat(status.error()).isEqualTo("Unable to communicate with Totara: HTTP 503");
        assertThat(status.failure()).isEqualTo(TotaraFailure.HTTP_ERROR);
        assertThat(status.problem().httpStatus()).isEqualTo(503);
        assertThat(status.ip()).isEqualTo("127.0.0.1");
    }

    @Test
    void statusReportsARefusedConnection() throws IOException {
        URI closed = URI.create("http://127.0.0.1:" + closedPort());

        TotaraStatus status = client(closed).status();

        assertThat(status.error()).isEqualTo("Could not connect to Totara instance at " + closed);
        assertThat(status.failure()).isEqualTo(TotaraFailure.UNREACHABLE);
        assertThat(status.ip()).isEqualTo("127.0.0.1");
    }

    @Test
    void statusReportsAnUnknownHost() throws IOException {
        TotaraStatus status = client(URI.create("http://no-such-host.invalid")).status();

        assertThat(status.error()).isEqualTo("Unable to resolve the Totara instance hostname no-such-host.invalid");
        assertThat(status.failure()).isEqualTo(TotaraFailure.NAME_NOT_FOUND);
        assertThat(status.ip()).isNull();
    }

    @Test
    void statusGivesUpAfterTheTimeout() throws IOException {
        try (RawHttpServer silent = RawHttpServer.silent()) {
            TotaraClient client = new TotaraClient(silent.url(), Secret.of(KEY), null, null,
                    Duration.ofMillis(300), Clock.systemUTC());

            TotaraStatus status = client.status();

            assertThat(status.error()).isEqualTo("Timed out trying to connect to Totara at " + silent.url());
            assertThat(status.failure()).isEqualTo(TotaraFailure.TIMED_OUT);
            assertThat(status.elapsedSeconds()).isBetween(0.25, 3.0);
        }
    }

    @Test
    void fetchStreamsTheFileToTheTarget() throws Exception {
        Path target = downloads.resolve("user_data_0.csv");

        FetchResult result = client(totara.url()).fetch("user_data_0.csv", target, 1 << 20);

        assertThat(result.status()).isEqualTo(200);
        assertThat(result.bytes()).isEqualTo(Files.size(export.resolve("user_data_0.csv")));
        assertThat(Files.mismatch(target, export.resolve("user_data_0.csv"))).isEqualTo(-1);
        assertThat(downloads.resolve("user_data_0.csv.part")).doesNotExist();
        assertThat(totara.served()).containsExactly(
                new FakeTotara.Served("user_data_0.csv", 200, TotaraToken.USER_AGENT));
    }

    @Test
    void aWrongKeyOrAStaleClockGetsTotarasNotFound() throws Exception {
        Path target = downloads.resolve("tenants.csv");
        ExportFolder.write(export, "tenants.csv", "tenants\n0\n");
        TotaraClient wrongKey = new TotaraClient(totara.url(), Secret.of("another-key"), null, null, TIMEOUT,
                Clock.systemUTC());
        TotaraClient stale = new TotaraClient(totara.url(), Secret.of(KEY), null, null, TIMEOUT,
                Clock.offset(Clock.systemUTC(), Duration.ofSeconds(-45)));
        TotaraClient slightlyOff = new TotaraClient(totara.url(), Secret.of(KEY), null, null, TIMEOUT,
                Clock.offset(Clock.systemUTC(), Duration.ofSeconds(10)));

        assertThat(wrongKey.fetch("tenants.csv", target, 1000).status()).isEqualTo(404);
        assertThat(stale.fetch("tenants.csv", target, 1000).status()).isEqualTo(404);
        assertThat(target).doesNotExist();
        assertThat(slightlyOff.fetch("tenants.csv", target, 1000).status()).isEqualTo(200);
        assertThat(target).hasContent("tenants\n0");
    }

    @Test
    void otherStatusesWriteNothing() throws Exception {
        Path target = downloads.resolve("item_data_0.csv");
        totara.answer("item_data_0.csv", 202);

        FetchResult stillExporting = client(totara.url()).fetch("item_data_0.csv", target, 1 << 20);
        FetchResult noTenants = client(totara.url()).fetch("tenants.csv", downloads.resolve("tenants.csv"), 1000);

        assertThat(stillExporting.status()).isEqualTo(202);
        assertThat(stillExporting.bytes()).isZero();
        assertThat(noTenants.status()).isEqualTo(204);
        try (var files = Files.list(downloads)) {
            assertThat(files).isEmpty();
        }
    }

    @Test
    void onlyTotarasExportNamesAreAsked() throws IOException {
        TotaraClient client = client(totara.url());
        for (String name : new String[] {"../config.php", "tenants.csv?x=1", "user_data_a/b.csv", "model.mlm",
                "item_data_.csv", "user_data_0.csv.bak"}) {
            assertThatThrownBy(() -> client.fetch(name, downloads.resolve("x.csv"), 1000))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("not a Totara export file name");
        }
        assertThat(totara.served()).isEmpty();
    }

    @Test
    void aFileOverTheLimitIsRefusedAndLeavesNothing() throws IOException {
        Path target = downloads.resolve("user_data_0.csv");

        ExportFetchException e = catchThrowableOfType(ExportFetchException.class,
                () -> client(totara.url()).fetch("user_data_0.csv", target, 100));

        assertThat(e.getMessage()).contains("user_data_0.csv", "larger than the limit of 100 bytes",
                "ML_MAX_DOWNLOAD_MB");
        assertThat(e.kind()).isEqualTo(TotaraFailure.TOO_LARGE);
        assertThat(e.retryable()).isFalse();
        try (var files = Files.list(downloads)) {
            assertThat(files).isEmpty();
        }
    }

    @Test
    void aChunkedBodyIsCountedAsItArrives() throws Exception {
        String chunk = "x".repeat(60);
        String answer = "HTTP/1.1 200 OK\r\nContent-Type: text/csv\r\nTransfer-Encoding: chunked\r\n\r\n"
                + "3c\r\n" + chunk + "\r\n3c\r\n" + chunk + "\r\n0\r\n\r\n";
        try (RawHttpServer server = RawHttpServer.answering(answer)) {
            Path target = downloads.resolve("item_data_0.csv");

            ExportFetchException e = catchThrowableOfType(ExportFetchException.class,
                    () -> client(server.url()).fetch("item_data_0.csv", target, 100));

            assertThat(e.getMessage()).contains("larger than the limit of 100 bytes");
            assertThat(downloads.resolve("item_data_0.csv.part")).doesNotExist();
            assertThat(target).doesNotExist();
        }
    }

    @Test
    void aBodyThatStopsArrivingTimesOut() throws Exception {
        String answer = "HTTP/1.1 200 OK\r\nContent-Type: text/csv\r\nContent-Length: 1000\r\n\r\n"
                + "user_id,lang\n";
        try (RawHttpServer server = RawHttpServer.answering(answer)) {
            TotaraClient client = new TotaraClient(server.url(), Secret.of(KEY), null, null,
                    Duration.ofMillis(400), Clock.systemUTC());
            Path target = downloads.resolve("user_data_0.csv");

            long start = System.nanoTime();
            ExportFetchException e = catchThrowableOfType(ExportFetchException.class,
                    () -> client.fetch("user_data_0.csv", target, 1 << 20));

            assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).isBetween(350L, 4000L);
            assertThat(e.getMessage()).isEqualTo("Timed out after 400 ms waiting for Totara at " + server.url()
                    + "/pluginfile.php/1/ml_recommender/export/user_data_0.csv");
            assertThat(e.retryable()).isTrue();
            assertThat(e.kind()).isEqualTo(TotaraFailure.TIMED_OUT);
            assertThat(downloads.resolve("user_data_0.csv.part")).doesNotExist();
            assertThat(target).doesNotExist();
            String head = server.request().get(5, TimeUnit.SECONDS);
            assertThat(head).startsWith("GET /pluginfile.php/1/ml_recommender/export/user_data_0.csv HTTP/1.1")
                    .contains("User-Agent: " + TotaraToken.USER_AGENT);
            assertThat(head.toLowerCase(Locale.ROOT)).contains("x-totara-time: ", "x-totara-ml-key: ");
        }
    }

    @Test
    void theWebRootMayHaveAPathAndATrailingSlash() throws IOException {
        TotaraClient client = client(URI.create("https://lms.example.org/totara/"));

        assertThat(client.url()).hasToString("https://lms.example.org/totara");
        assertThat(client.exportUri("tenants.csv"))
                .hasToString("https://lms.example.org/totara/pluginfile.php/1/ml_recommender/export/tenants.csv");
    }

    @Test
    void aUrlThatIsNotHttpIsRefusedClearly() {
        assertThatThrownBy(() -> client(URI.create("ftp://lms.example.org")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("The Totara URL must look like https://totara.example.org, not \"ftp://lms.example.org\"");
        assertThatThrownBy(() -> client(URI.create("lms.example.org")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("must look like");
    }

    @Test
    void aPasswordInTheUrlNeverReachesAMessage() throws IOException {
        int port = closedPort();
        TotaraClient client = client(URI.create("http://admin:hunter2@127.0.0.1:" + port));

        ExportFetchException e = catchThrowableOfType(ExportFetchException.class,
                () -> client.fetch("tenants.csv", downloads.resolve("tenants.csv"), 1000));

        assertThat(e.getMessage()).doesNotContain("hunter2").contains("http://127.0.0.1:" + port);
        assertThat(client.status().error()).doesNotContain("hunter2");
    }

    private static TotaraClient client(URI url) throws IOException {
        return new TotaraClient(url, Secret.of(KEY), null, null, TIMEOUT, Clock.systemUTC());
    }

    /** A port nothing listens on: bound, then released. */
    static int closedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    static String text(Path file) throws IOException {
        return Files.readString(file, StandardCharsets.UTF_8);
    }
}
