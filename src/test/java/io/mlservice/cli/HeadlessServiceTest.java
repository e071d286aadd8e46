package io.mlservice.cli;

import io.mlservice.totara.TotaraToken;
import io.mlservice.totara.demo.DemoExportGenerator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code --headless} as a server runs it: a separate JVM configured by ML_* variables and stopped by SIGTERM. */
class HeadlessServiceTest {
    private static final String KEY = "headless-test-key";

    @TempDir
    Path root;

    private final List<Process> processes = new ArrayList<>();

    @AfterEach
    void killLeftovers() {
        processes.forEach(Process::destroyForcibly);
    }

    @Test
    void servesFromAnExportFolderAndStopsGracefullyOnSigterm() throws Exception {
        Path export = root.resolve("export");
        new DemoExportGenerator(DemoExportGenerator.Spec.toy()).write(export);
        Path classLog = root.resolve("classes.log");
        Process p = launch(Map.of("ML_EXPORT_DIR", export.toString(), "ML_TOTARA_KEY", KEY,
                "ML_BIND", "127.0.0.1:0", "ML_NUM_THREADS", "1"), "-Xlog:class+load=info:file=" + classLog);
        String base = LaunchedService.of(p).awaitListening(Duration.ofSeconds(60));

        HttpResponse<String> health = signedGet(URI.create(base + "health-check"));
        assertThat(health.statusCode()).isEqualTo(200);
        assertThat(health.body()).contains("\"success\"");

        p.destroy();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("stopped after SIGTERM").isTrue();
        String log = Files.readString(root.resolve("logs/ml-service.log"));
        assertThat(log).contains("Stopping").contains("Stopped").doesNotContain(KEY);
        assertThat(Files.readString(classLog)).as("no JavaFX class loaded").doesNotContain("javafx.");
        try (var files = Files.list(root.resolve("models"))) {
            assertThat(files.filter(f -> f.toString().endsWith(".tmp")).toList()).isEmpty();
        }
    }

    @Test
    void refusesToStartWithoutATotaraUrlOrExportFolderInOneLine() throws Exception {
        Process p = launch(Map.of("ML_TOTARA_KEY", KEY, "ML_BIND", "127.0.0.1:0"));
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        String err = Files.readString(root.resolve("stderr-0.txt"));
        assertThat(p.exitValue()).isEqualTo(2);
        assertThat(err).contains("ML_TOTARA_URL").doesNotContain("Exception").doesNotContain("\tat ");
    }

    @Test
    void aPortInUseStopsTheStartWithOneClearLineAndTheConfigurationExitCode() throws Exception {
        Path export = root.resolve("export");
        new DemoExportGenerator(DemoExportGenerator.Spec.toy()).write(export);
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Process p = launch(Map.of("ML_EXPORT_DIR", export.toString(), "ML_TOTARA_KEY", KEY,
                    "ML_BIND", "127.0.0.1:" + taken.getLocalPort()));
            assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
            String err = Files.readString(root.resolve("stderr-0.txt"));
            assertThat(p.exitValue()).as("a setting to change: systemd does not restart on 2").isEqualTo(2);
            assertThat(err).contains("error: ML_BIND: cannot listen on").contains("the port is in use")
                    .contains(Integer.toString(taken.getLocalPort()))
                    .doesNotContain("\tat ");
        }
    }

    private Process launch(Map<String, String> env, String... jvmOptions) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(List.of(jvmOptions));
        // The service's own logging set-up, not the quieter one the tests' class path carries.
        command.add("-Dlogback.configurationFile=" + Main.class.getResource("/logback.xml"));
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), Main.class.getName(), "--headless"));
        ProcessBuilder pb = new ProcessBuilder(command).directory(root.toFile());
        pb.environment().keySet().removeIf(k -> k.startsWith("ML_"));
        pb.environment().putAll(env);
        pb.environment().put("ML_MODELS_DIR", root.resolve("models").toString());
        pb.environment().put("ML_LOGS_DIR", root.resolve("logs").toString());
        pb.redirectError(root.resolve("stderr-" + processes.size() + ".txt").toFile());
        Process p = pb.start();
        processes.add(p);
        return p;
    }

    private static HttpResponse<String> signedGet(URI uri) throws IOException, InterruptedException {
        String time = Long.toString(System.currentTimeMillis() / 1000);
        HttpRequest request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(5))
                .header(TotaraToken.TIME_HEADER, time)
                .header(TotaraToken.KEY_HEADER, TotaraToken.sign(time, KEY))
                .header("User-Agent", TotaraToken.USER_AGENT).build();
        return HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
    }
}
