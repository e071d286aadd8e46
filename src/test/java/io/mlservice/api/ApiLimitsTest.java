package io.mlservice.api;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.mlservice.serving.ModelRegistry;
import io.mlservice.totara.TotaraStatus;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/** The API's protections against clients that ask too much, too slowly or without the key. */
class ApiLimitsTest {

    @Test
    void aClientThatDripsItsHeadersIsCutOffAtTheDeadlineWhileWholeRequestsPass() throws Exception {
        ApiServer server = new ApiServer(TestSettings::defaults, ServedTenant.registry(), FixedServiceStatus.folder(),
                new ApiMetrics(Clock.systemUTC()), Clock.systemUTC(), Duration.ofSeconds(1));
        server.start();
        try (server; Socket slow = new Socket(server.baseUri().getHost(), server.port())) {
            slow.setSoTimeout((int) Duration.ofSeconds(20).toMillis());
            OutputStream out = slow.getOutputStream();
            out.write("GET / HTTP/1.1\r\nHost: localhost\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            ScheduledExecutorService pacer = Executors.newSingleThreadScheduledExecutor();
            CompletableFuture<Integer> linesSent = drip(out, pacer);
            try {
                InputStream in = slow.getInputStream();
                assertThat(readToEnd(in)).as("closed without an answer, long before the 30 s idle timeout")
                        .isEmpty();
                assertThat(linesSent.get(20, TimeUnit.SECONDS)).as("header lines sent before the cut")
                        .isLessThan(40);
            } finally {
                pacer.shutdownNow();
            }

            try (Socket whole = new Socket(server.baseUri().getHost(), server.port())) {
                whole.setSoTimeout((int) Duration.ofSeconds(10).toMillis());
                whole.getOutputStream().write("GET / HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n"
                        .getBytes(StandardCharsets.US_ASCII));
                assertThat(new String(whole.getInputStream().readAllBytes(), StandardCharsets.UTF_8))
                        .startsWith("HTTP/1.1 200");
            }
        }
    }

    /**
     * Sends a header line every 200 ms, on the pacer's timer, until the server closes the connection; completes with
     * how many lines went out.
     */
    private static CompletableFuture<Integer> drip(OutputStream out, ScheduledExecutorService pacer) {
        CompletableFuture<Integer> cut = new CompletableFuture<>();
        AtomicInteger sent = new AtomicInteger();
        pacer.scheduleAtFixedRate(() -> {
            if (cut.isDone()) {
                return;
            }
            try {
                out.write(("X-Drip-" + sent.get() + ": 1\r\n").getBytes(StandardCharsets.US_ASCII));
                out.flush();
                if (sent.incrementAndGet() >= 100) {
                    cut.complete(sent.get());
                }
            } catch (IOException e) {
                cut.complete(sent.get());
            }
        }, 200, 200, TimeUnit.MILLISECONDS);
        return cut;
    }

    private static byte[] readToEnd(InputStream in) {
        try {
            return in.readAllBytes();
        } catch (IOException e) {
            return new byte[0];
        }
    }

    @Test
    void everyAnswerCarriesTheSecurityHeaders() {
        try (RunningApi api = RunningApi.serving()) {
            List<HttpResponse<String>> answers = List.of(
                    api.send(api.request("/").build()),
                    api.signedGet("/user-items?totara_user_id=2&item_type=engage_article&tenant=0&n_items=2"),
                    api.send(api.request("/health-check").build()));
            assertThat(answers).extracting(HttpResponse::statusCode).containsExactly(200, 200, 401);
            for (HttpResponse<String> answer : answers) {
                assertThat(answer.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
                assertThat(answer.headers().firstValue("X-Frame-Options")).hasValue("DENY");
                assertThat(answer.headers().firstValue("Content-Security-Policy")).hasValueSatisfying(
                        csp -> assertThat(csp).startsWith("default-src 'none'"));
                assertThat(answer.headers().firstValue("Referrer-Policy")).hasValue("no-referrer");
            }
        }
    }

    @Test
    void theOpenHomePageDoesNotSayWhereTheExportFolderIs() {
        try (RunningApi api = new RunningApi(ServedTenant.registry(),
                new FixedServiceStatus(Optional::empty, true, "/srv/private/exports"))) {
            String page = api.send(api.request("/").build()).body();
            assertThat(page).contains("a local export folder").doesNotContain("/srv/private");
        }
    }

    @Test
    void leadingZerosDoNotMakeACountLookLarge() {
        try (RunningApi api = RunningApi.serving()) {
            HttpResponse<String> zero = api.signedGet(
                    "/user-items?totara_user_id=2&item_type=engage_article&tenant=0&n_items=0000000000");
            assertThat(zero.statusCode()).isEqualTo(400);
            assertThat(zero.body()).contains("n_items must be at least 1");
            assertThat(api.signedJson("/user-items?totara_user_id=2&item_type=engage_article&tenant=0"
                    + "&n_items=00000000002").get("items")).hasSize(2);
        }
    }

    @Test
    void textFromCallersCannotReorderOrSplitALogLine() {
        assertThat(Query.printable("12\u202Eexe.txt")).isEqualTo("12?exe.txt");
        assertThat(Query.printable("a\u2028b\u200Bc\nd")).isEqualTo("a?b?c?d");
        assertThat(Query.printable("Zoë 42")).isEqualTo("Zoë 42");
    }

    @Test
    void refusedRequestsAreCountedAndLoggedAsOneLineAMinute() {
        ListAppender<ILoggingEvent> log = capture(ApiMetrics.class);
        try (RunningApi api = RunningApi.serving()) {
            for (int i = 0; i < 25; i++) {
                assertThat(api.send(api.request("/user-items?tenant=0").header("X-Totara-Time", "1")
                        .header("X-Totara-Ml-Key", "nope").build()).statusCode()).isEqualTo(401);
            }
            assertThat(log.list).as("nothing logged per request").isEmpty();
            Instant now = Instant.now();
            assertThat(api.metrics.live(now).of(ApiMetrics.UNAUTHORISED).stream()
                    .mapToLong(MinuteStats::requests).sum()).isEqualTo(25);

            List<MinuteStats> drained = api.metrics.drainCompletedMinutes(now.plus(Duration.ofMinutes(2)));

            assertThat(drained).filteredOn(m -> m.endpoint().equals(ApiMetrics.UNAUTHORISED))
                    .extracting(MinuteStats::requests).containsOnly(25L).hasSize(1);
            assertThat(log.list).singleElement().satisfies(line -> assertThat(line.getFormattedMessage())
                    .contains("25 request(s) refused with 401", "the User-Agent is not")
                    .doesNotContain("nope"));
        } finally {
            release(ApiMetrics.class, log);
        }
    }

    @Test
    void aFloodOfHealthChecksWaitingOnTotaraIsTurnedAwayWhileQueriesKeepAnswering() throws Exception {
        CountDownLatch totaraAnswers = new CountDownLatch(1);
        CountDownLatch checksInFlight = new CountDownLatch(ApiServer.MAX_CONCURRENT_HEALTH_CHECKS);
        ServiceStatus hangingTotara = new FixedServiceStatus(() -> {
            checksInFlight.countDown();
            try {
                totaraAnswers.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return Optional.of(new TotaraStatus("https://totara.example", "192.0.2.1", 0.1, null));
        }, true, "https://totara.example");
        try (RunningApi api = new RunningApi(ServedTenant.registry(), hangingTotara)) {
            int flood = ApiServer.MAX_CONCURRENT_HEALTH_CHECKS + ApiServer.MAX_QUEUED_HEALTH_CHECKS + 8;
            List<CompletableFuture<HttpResponse<String>>> checks = new ArrayList<>();
            for (int i = 0; i < flood; i++) {
                checks.add(api.sendAsync(api.signed("/health-check").build()));
            }
            assertThat(checksInFlight.await(10, TimeUnit.SECONDS)).isTrue();

            HttpResponse<String> query = api.signedGet(
                    "/user-items?totara_user_id=2&item_type=engage_article&tenant=0&n_items=2");
            assertThat(query.statusCode()).as("answered while every health check still waits on Totara")
                    .isEqualTo(200);
            assertThat(totaraAnswers.getCount()).isEqualTo(1);

            totaraAnswers.countDown();
            List<Integer> statuses = new ArrayList<>();
            for (CompletableFuture<HttpResponse<String>> check : checks) {
                statuses.add(check.get(30, TimeUnit.SECONDS).statusCode());
            }
            assertThat(statuses).containsOnly(200, 503);
            long rejected = statuses.stream().filter(s -> s == 503).count();
            assertThat(rejected).as("at least those beyond the queue").isGreaterThanOrEqualTo(8);
            assertThat(statuses.stream().filter(s -> s == 200).count())
                    .isGreaterThanOrEqualTo(ApiServer.MAX_CONCURRENT_HEALTH_CHECKS);
            assertThat(api.metrics.live(Instant.now()).of(ApiMetrics.OVERLOADED).stream()
                    .mapToLong(MinuteStats::requests).sum()).isEqualTo(rejected);
        }
    }

    private static ListAppender<ILoggingEvent> capture(Class<?> type) {
        ListAppender<ILoggingEvent> appender = new ListAppender<>();
        appender.start();
        ((Logger) LoggerFactory.getLogger(type)).addAppender(appender);
        return appender;
    }

    private static void release(Class<?> type, ListAppender<ILoggingEvent> appender) {
        ((Logger) LoggerFactory.getLogger(type)).detachAppender(appender);
    }
}
