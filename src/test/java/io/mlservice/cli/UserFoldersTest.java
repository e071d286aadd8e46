package io.mlservice.cli;

import io.mlservice.config.Setting;
import io.mlservice.config.SettingsFile;
import io.mlservice.service.SignedClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An installed copy's first start on Linux: {@code -Dmlservice.folders=user}, no display, nothing configured, an
 * unrelated working folder. Everything lands in the XDG folders and nothing in the working folder.
 */
@EnabledOnOs(OS.LINUX)
class UserFoldersTest {
    private static final Duration PATIENCE = Duration.ofSeconds(60);

    @TempDir
    Path root;

    private Process process;
    private LaunchedService service;

    @AfterEach
    void killLeftover() {
        if (process != null) {
            process.destroyForcibly();
        }
    }

    @Test
    void aFirstStartWithUserFoldersWritesOnlyIntoTheXdgFolders() throws Exception {
        Path home = Files.createDirectory(root.resolve("home"));
        Path work = Files.createDirectory(root.resolve("work"));
        Path config = root.resolve("config");
        Path data = root.resolve("data");
        Path state = root.resolve("state");
        process = launch(home, work, config, data, state);
        service = LaunchedService.of(process);
        URI base = URI.create(service.awaitListening(PATIENCE));

        Path settings = config.resolve("ml-service/settings.properties");
        String key = new SettingsFile(settings).read().get(Setting.TOTARA_KEY.variable());
        assertThat(key).as("generated key").matches("[0-9a-f]{64}");
        assertThat(Files.getPosixFilePermissions(settings)).isEqualTo(PosixFilePermissions.fromString("rw-------"));
        SignedClient client = new SignedClient(base, key);
        waitUntil("the health check answers", () -> healthy(client));

        Path models = data.resolve("ml-service/models");
        Path logs = state.resolve("ml-service/logs");
        waitUntil("the first training is saved and summarised",
                () -> !names(models, ".mlm").isEmpty() && Files.exists(logs.resolve("train_summary.log")));
        assertThat(data.resolve("ml-service/demo-export/user_data_0.csv")).isRegularFile();
        assertThat(logs.resolve("ml-service.log")).isRegularFile();
        assertThat(logs.resolve("history.db")).isRegularFile();

        process.destroy();
        assertThat(process.waitFor(PATIENCE.toSeconds(), TimeUnit.SECONDS)).as("stopped after SIGTERM").isTrue();
        assertThat(Files.readString(logs.resolve("ml-service.log"))).contains("Stopped").doesNotContain(key);
        assertThat(everything(work)).as("written into the working folder").isEmpty();
        assertThat(everything(home)).as("written into the home folder").isEmpty();
    }

    /**
     * The program as the installed launcher starts it, on the demo dataset with the quickest algorithm. Java takes
     * {@code user.home} from the password database, not from HOME, so it is pointed into the test's folder too.
     */
    private Process launch(Path home, Path work, Path config, Path data, Path state) throws IOException {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Dmlservice.folders=user", "-Duser.home=" + home,
                // the service's own logging set-up, not the quieter one the tests' class path carries
                "-Dlogback.configurationFile=" + Main.class.getResource("/logback.xml"),
                "-cp", System.getProperty("java.class.path"), Main.class.getName(),
                "--set", Setting.BIND.variable() + "=127.0.0.1:0",
                "--set", Setting.ALGORITHM.variable() + "=mf"));
        ProcessBuilder pb = new ProcessBuilder(command).directory(work.toFile());
        pb.environment().keySet().removeIf(k -> k.startsWith("ML_") || k.startsWith("XDG_")
                || k.equals("DISPLAY") || k.equals("WAYLAND_DISPLAY"));
        pb.environment().put("HOME", home.toString());
        pb.environment().put("XDG_CONFIG_HOME", config.toString());
        pb.environment().put("XDG_DATA_HOME", data.toString());
        pb.environment().put("XDG_STATE_HOME", state.toString());
        pb.redirectError(root.resolve("stderr.txt").toFile());
        return pb.start();
    }

    private static boolean healthy(SignedClient client) {
        try {
            return client.get("health-check").status() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Waits until the condition holds; the process's own end is a failure at once, with its error output. */
    private void waitUntil(String what, BooleanSupplier condition) throws Exception {
        try {
            service.until(what, condition::getAsBoolean, PATIENCE);
        } catch (AssertionError e) {
            throw new AssertionError(e.getMessage() + "\n" + Files.readString(root.resolve("stderr.txt")), e);
        }
    }

    private static List<String> names(Path folder, String suffix) {
        try (Stream<Path> files = Files.list(folder)) {
            return files.map(f -> f.getFileName().toString()).filter(n -> n.endsWith(suffix)).toList();
        } catch (IOException e) {
            return List.of();
        }
    }

    private static List<Path> everything(Path folder) throws IOException {
        try (Stream<Path> files = Files.walk(folder)) {
            return files.filter(f -> !f.equals(folder)).toList();
        }
    }
}
