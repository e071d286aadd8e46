package io.mlservice.api;

import io.mlservice.config.BindAddress;
import io.mlservice.serving.ModelRegistry;
import io.mlservice.totara.TotaraStatus;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The server as a whole: open pages, HTTP errors, binding and graceful stop. */
class ApiServerTest {

    @Test
    void theHomePageShowsTheServiceAndEachTenantWithoutTheKey() {
        ServiceStatus status = new FixedServiceStatus(Optional::empty, true,
                "https://admin:" + TestSettings.KEY + "@totara.example/<lms>");
        try (RunningApi api = new RunningApi(ServedTenant.registry(), status)) {
            HttpResponse<String> page = api.send(api.request("/").build());

            assertThat(page.statusCode()).isEqualTo(200);
            assertThat(page.headers().firstValue("Content-Type")).hasValue("text/html; charset=utf-8");
            assertThat(page.body()).contains("1.2.3-test", "https://totara.example/&lt;lms&gt;", "2023-11-14 22:13:20 UTC",
                    "hybrid", "0.1234", "0.0567", "EASE^R precision@10", "0.0891", ">3<", ">7<", "Not trained: " + ServedTenant.UNTRAINED_MESSAGE,
                    "2024-05-01 02:00:00 UTC", "2024-05-02 02:00:00 UTC", "/user-items", "/similar-items",
                    "/health-check");
            assertThat(page.body()).doesNotContain(TestSettings.KEY, "admin", "<lms>", "{{");
        }
    }

    @Test
    void theHomePageSaysSoBeforeTheFirstModel() {
        try (RunningApi api = new RunningApi(new ModelRegistry(), FixedServiceStatus.folder())) {
            assertThat(api.send(api.request("/").build()).body()).contains("No model loaded yet");
        }
    }

    @Test
    void theIconIsARealIcoFile() {
        try (RunningApi api = RunningApi.serving()) {
            HttpResponse<byte[]> icon = api.sendForBytes(api.request("/favicon.ico").build());

            assertThat(icon.statusCode()).isEqualTo(200);
            assertThat(icon.headers().firstValue("Content-Type")).hasValue("image/x-icon");
            byte[] bytes = icon.body();
            assertThat(bytes).startsWith(0, 0, 1, 0);
            int images = (bytes[4] & 0xff) | (bytes[5] & 0xff) << 8;
            assertThat(images).isEqualTo(2);
            assertThat(bytes.length).isGreaterThan(6 + 16 * images + 60);
        }
    }

    @Test
    void otherMethodsOnKnownPathsAre405WithAllowGet() {
        try (RunningApi api = RunningApi.serving()) {
            for (String path : new String[]{"/", "/user-items?tenant=0", "/health-check"}) {
                HttpResponse<String> response = api.send(api.signed(path)
                        .POST(HttpRequest.BodyPublishers.ofString("x=1")).build());
                assertThat(response.statusCode()).as(path).isEqualTo(405);
                assertThat(response.headers().firstValue("Allow")).as(path).hasValue("GET");
                assertThat(response.headers().firstValue("Connection")).as("the unread body ends the connection")
                        .hasValue("close");
                assertThat(response.body()).isEqualTo("{\"error\":\"true\",\"msg\":\"Method not allowed\"}");
            }
        }
    }

    @Test
    void anUnexpectedFailureIs500WithoutDetails() {
        ServiceStatus failing = new FixedServiceStatus(() -> {
            throw new IllegalStateException("secret internals");
        }, true, "/srv/export");
        try (RunningApi api = new RunningApi(ServedTenant.registry(), failing)) {
            HttpResponse<String> response = api.signedGet("/health-check");

            assertThat(response.statusCode()).isEqualTo(500);
            assertThat(response.body()).isEqualTo("{\"error\":\"true\",\"msg\":\"Internal error\"}");
        }
    }

    @Test
    void errorsJettyAnswersItselfAreJsonToo() {
        try (RunningApi api = RunningApi.serving()) {
            HttpResponse<String> response = api.send(api.signed("/health-check")
                    .header("X-Padding", "p".repeat(ApiServer.MAX_REQUEST_HEADER_BYTES + 100)).build());

            assertThat(response.statusCode()).isEqualTo(431);
            assertThat(response.body()).startsWith("{\"error\":\"true\",\"msg\":");
        }
    }

    @Test
    void aPortInUseIsOneClearLine() throws IOException {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            int port = taken.getLocalPort();
            ApiServer server = new ApiServer(() -> TestSettings.withBind(TestSettings.defaults(),
                    new BindAddress("127.0.0.1", port)), ServedTenant.registry(), FixedServiceStatus.folder(),
                    new ApiMetrics(Clock.systemUTC()), Clock.systemUTC());

            assertThatThrownBy(server::start).isInstanceOf(IOException.class)
                    .hasMessage("cannot listen on 127.0.0.1:" + port + ": the port is in use")
                    .hasNoCause();
        }
    }

    @Test
    void reportsTheChosenPortAndAnAddressToReachIt() {
        try (RunningApi api = RunningApi.serving()) {
            assertThat(api.server.port()).isPositive();
            assertThat(api.server.baseUri().toString()).isEqualTo("http://127.0.0.1:" + api.server.port() + "/");
        }
    }

    @Test
    void stoppingLetsARequestInFlightFinish() throws Exception {
        CountDownLatch entered = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        ServiceStatus held = new FixedServiceStatus(() -> {
            entered.countDown();
            await(release);
            return Optional.of(new TotaraStatus("https://totara.example", "192.0.2.7", 0.25, null));
        }, true, "https://totara.example");
        RunningApi api = new RunningApi(ServedTenant.registry(), held);
        int port = api.server.port();
        try {
            CompletableFuture<HttpResponse<String>> inFlight = api.sendAsync(api.signed("/health-check").build());
            assertThat(entered.await(10, TimeUnit.SECONDS)).isTrue();
            assertThat(api.server.activeRequests()).isEqualTo(1);

            CompletableFuture<Void> stopping = CompletableFuture.runAsync(api.server::stop);
            awaitRefused(port);
            assertThat(stopping).isNotDone();
            release.countDown();

            HttpResponse<String> response = inFlight.get(10, TimeUnit.SECONDS);
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.body()).contains("\"success\":true");
            stopping.get(10, TimeUnit.SECONDS);
        } finally {
            release.countDown();
            api.close();
        }
    }

    /** Waits until the port no longer accepts connections: the server has begun to stop. */
    private static void awaitRefused(int port) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
                socket.getOutputStream().write("GET / HTTP/1.0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                if (socket.getInputStream().read() < 0) {
                    return;
                }
            } catch (IOException refused) {
                return;
            }
            Thread.onSpinWait();
        }
        throw new AssertionError("the server kept accepting connections after stop()");
    }

    private static void await(CountDownLatch latch) {
        try {
            if (!latch.await(10, TimeUnit.SECONDS)) {
                throw new IllegalStateException("the test never released the request");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
