package io.mlservice.faults;

import io.mlservice.cli.LaunchedService;
import io.mlservice.cli.Main;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How to start the real service, {@code --headless}, in a JVM of its own: its {@code ML_*} environment, JVM
 * options (a small heap by default), and optionally a models folder on a small disk of its own. The folders live
 * under one root: {@code models}, {@code logs} (with {@code ml-service.log}, {@code train_summary.log} and
 * {@code history.db}), and the service's standard error as {@code stderr-<n>.txt}.
 *
 * <p>The small disk is a tmpfs mounted in a mount namespace of the service's own ({@code unshare}, with a user
 * namespace so that no privilege is needed): the service sees it at the models folder; the test reads it through
 * {@code /proc/<pid>/root} while the service runs.
 */
final class ServiceLaunch {
    static final String KEY = "fault-injection-test-key";
    private static final Duration START_LIMIT = Duration.ofSeconds(90);

    private final Path root;
    private final Map<String, String> env = new LinkedHashMap<>();
    private final List<String> jvmOptions = new ArrayList<>(List.of("-Xmx160m", "-XX:+UseSerialGC"));
    private long smallDiskBytes;
    private int launches;

    ServiceLaunch(Path root) {
        this.root = root;
        env.put("ML_TOTARA_KEY", KEY);
        env.put("ML_BIND", "127.0.0.1:0");
        env.put("ML_NUM_THREADS", "1");
        env.put("ML_MODELS_DIR", models().toString());
        env.put("ML_LOGS_DIR", logs().toString());
    }

    Path root() {
        return root;
    }

    Path models() {
        return root.resolve("models");
    }

    Path logs() {
        return root.resolve("logs");
    }

    ServiceLaunch env(String name, String value) {
        env.put(name, value);
        return this;
    }

    ServiceLaunch jvm(String option) {
        jvmOptions.add(option);
        return this;
    }

    /** Replaces the default {@code -Xmx}. */
    ServiceLaunch heap(String xmx) {
        jvmOptions.removeIf(o -> o.startsWith("-Xmx"));
        jvmOptions.add("-Xmx" + xmx);
        return this;
    }

    /** The models folder (and so the download staging folder under it) on a disk of this many bytes. */
    ServiceLaunch modelsOnSmallDisk(long bytes) {
        smallDiskBytes = bytes;
        return this;
    }

    /** Starts the service and waits until its API listens. */
    RunningService start() throws IOException, InterruptedException {
        Files.createDirectories(models());
        List<String> command = new ArrayList<>();
        if (smallDiskBytes > 0) {
            command.addAll(List.of("unshare", "--user", "--map-root-user", "--mount", "sh", "-c",
                    "mount -t tmpfs -o size=\"$1\" tmpfs \"$2\" && shift 2 && exec \"$@\"", "small-disk",
                    Long.toString(smallDiskBytes), models().toString()));
        }
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmOptions);
        // The service's own logging set-up, not the quieter one the tests' class path carries.
        command.add("-Dlogback.configurationFile=" + Main.class.getResource("/logback.xml"));
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), Main.class.getName(), "--headless"));
        ProcessBuilder pb = new ProcessBuilder(command).directory(root.toFile());
        pb.environment().keySet().removeIf(k -> k.startsWith("ML_"));
        pb.environment().putAll(env);
        pb.redirectError(root.resolve("stderr-" + launches++ + ".txt").toFile());
        Process process = pb.start();
        LaunchedService output = LaunchedService.of(process);
        try {
            String base = output.awaitListening(START_LIMIT);
            return new RunningService(this, process, output, base, smallDiskBytes > 0);
        } catch (AssertionError | InterruptedException e) {
            process.destroyForcibly();
            throw e;
        }
    }
}
