package io.mlservice.packaging;

import io.mlservice.cli.LaunchedService;
import io.mlservice.config.SettingsFile;
import io.mlservice.console.RuntimeImageCheck;
import io.mlservice.service.SignedClient;
import io.mlservice.totara.FakeTotara;
import io.mlservice.totara.demo.DemoExportGenerator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.spi.ToolProvider;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The installable application as a server runs it: the {@code ml-service-server} launcher of the jpackage app image
 * (built by {@code mvn verify} before this test), on its own trimmed runtime, pulling a fake Totara's export and
 * answering Totara's signed calls. Where an administrator's files go is checked too: with no {@code ML_*} folder
 * set, the per-user folders of the OS.
 */
class AppImageIT {
    private static final String KEY = "app-image-test-key";
    private static final Duration TRAINING_LIMIT = Duration.ofMinutes(3);

    @TempDir
    Path root;

    private Process server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.destroyForcibly();
        }
    }

    @Test
    void theServerLauncherTrainsOnTotarasExportAndAnswersSignedCalls() throws Exception {
        Path export = root.resolve("export");
        new DemoExportGenerator(DemoExportGenerator.Spec.toy()).write(export);
        Path home = Files.createDirectories(root.resolve("home"));
        Path workingFolder = Files.createDirectories(root.resolve("working-folder"));
        try (FakeTotara totara = FakeTotara.serving(export, KEY)) {
            ProcessBuilder pb = new ProcessBuilder(serverLauncher().toString()).directory(workingFolder.toFile())
                    .redirectError(root.resolve("stderr.txt").toFile());
            Map<String, String> env = pb.environment();
            env.keySet().removeIf(k -> k.startsWith("ML_") || k.startsWith("XDG_"));
            env.putAll(Map.of("ML_TOTARA_URL", totara.url().toString(), "ML_TOTARA_KEY", KEY,
                    "ML_BIND", "127.0.0.1:0", "ML_NUM_THREADS", "1"));
            env.putAll(userFolders(home));
            server = pb.start();

            LaunchedService launched = LaunchedService.of(server);
            URI base = URI.create(launched.awaitListening(Duration.ofMinutes(2)));
            SignedClient totaraSide = new SignedClient(base, KEY);

            SignedClient.Answer health = totaraSide.get("health-check");
            assertThat(health.status()).isEqualTo(200);
            assertThat(health.json().path("totara").has("recommendation_model")).as(health.body()).isTrue();

            // as Totara's admin page asks: true once the first training has written its summary (the service logs
            // to its file, not to the launcher's output, so there is no line to wait for)
            launched.until("the health check reports a trained model",
                    () -> totaraSide.get("health-check").json().path("success").asBoolean(), TRAINING_LIMIT);
            SignedClient.Answer trained = totaraSide.get("health-check");
            assertThat(trained.status()).isEqualTo(200);
            assertThat(trained.json().path("success").asBoolean()).as(trained.body()).isTrue();
            assertThat(totara.served()).as("the export was pulled with Totara's signature")
                    .anyMatch(s -> s.status() == 200 && s.file().endsWith(".csv"));
            SignedClient.Answer items = totaraSide.get(
                    "user-items?totara_user_id=2&item_type=engage_article&tenant=0&n_items=5");
            assertThat(items.status()).as(items.body()).isEqualTo(200);
            assertThat(items.json().path("items").size()).isPositive();

            server.destroy();
            assertThat(server.waitFor(60, TimeUnit.SECONDS)).as("stopped gracefully").isTrue();
        }
        assertPerUserFolders(home, workingFolder);
        assertThat(appFolder()).as("the OS's service definition comes with the program")
                .isDirectoryContaining(f -> f.getFileName().toString().matches(
                        "ml-service\\.service|ml-service-server\\.xml|io\\.mlservice\\.server\\.plist"));
    }

    /** Linux only: elsewhere there is always a desktop, and the console opens its window. */
    @Test
    @EnabledOnOs(OS.LINUX)
    void theConsoleLauncherRunsTheServiceWithoutAWindowWhereThereIsNoDisplay() throws Exception {
        Path home = Files.createDirectories(root.resolve("home"));
        ProcessBuilder pb = new ProcessBuilder(launcher(consoleLauncherName()).toString())
                .directory(Files.createDirectories(root.resolve("working-folder")).toFile())
                .redirectError(root.resolve("stderr.txt").toFile());
        Map<String, String> env = pb.environment();
        env.keySet().removeIf(k -> k.startsWith("ML_") || k.startsWith("XDG_") || k.equals("DISPLAY")
                || k.equals("WAYLAND_DISPLAY"));
        env.putAll(Map.of("ML_BIND", "127.0.0.1:0", "ML_RECOMMENDATION_ALGORITHM", "mf", "ML_NUM_THREADS", "1"));
        env.putAll(userFolders(home));
        server = pb.start();

        LaunchedService out = LaunchedService.of(server);
        out.await(Pattern.compile("No display: running the service without a window"), Duration.ofMinutes(1));
        URI base = URI.create(out.awaitListening(Duration.ofMinutes(1)));
        // with nothing configured, the demo fill-in generated a key into the per-user settings file
        String key = new SettingsFile(home.resolve(".config/ml-service/settings.properties")).read()
                .get("ML_TOTARA_KEY");
        assertThat(key).hasSizeGreaterThan(20);
        assertThat(new SignedClient(base, key).get("health-check").status()).isEqualTo(200);
        assertThat(new SignedClient(base, KEY).get("health-check").status()).isEqualTo(401);
        server.destroy();
        assertThat(server.waitFor(60, TimeUnit.SECONDS)).as("stopped gracefully").isTrue();
    }

    /**
     * The console on the application's own runtime, with the launcher's options (JavaFX as named modules, the
     * exports ControlsFX needs): every page opens without an uncaught exception. Off screen, as the window tests
     * run: Monocle is patched into javafx.graphics, which the installed runtime does not carry.
     */
    @Test
    void theConsoleOpensEveryPageOnTheApplicationsOwnRuntime() throws Exception {
        Path app = appFolder();
        List<String> command = new ArrayList<>();
        command.add(runtimeJava().toString());
        command.addAll(launcherConfig(app, "java-options"));
        String monocle = Stream.of(System.getProperty("java.class.path").split(File.pathSeparator))
                .filter(entry -> entry.contains("openjfx-monocle")).findFirst().orElseThrow();
        command.addAll(List.of("--patch-module", "javafx.graphics=" + monocle, "-Dglass.platform=Monocle",
                "-Dmonocle.platform=Headless", "-Dprism.order=sw", "-Djava.awt.headless=true"));
        List<String> classPath = new ArrayList<>(launcherConfig(app, "app.classpath"));
        classPath.add(Path.of(RuntimeImageCheck.class.getProtectionDomain().getCodeSource().getLocation().toURI())
                .toString());
        command.addAll(List.of("-cp", String.join(File.pathSeparator, classPath),
                RuntimeImageCheck.class.getName(), Files.createDirectories(root.resolve("console")).toString()));

        Path output = root.resolve("console-check.txt");
        server = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile()).start();
        assertThat(server.waitFor(3, TimeUnit.MINUTES)).as("the check ended").isTrue();
        String printed = Files.readString(output);
        assertThat(printed).as(printed).doesNotContain("IllegalAccessError").contains("console check ok");
        assertThat(server.exitValue()).isZero();
    }

    /** The modules the application and its libraries use, by jdeps, must all be in the linked runtime. */
    @Test
    void theRuntimeHoldsEveryModuleTheCodeUses() throws Exception {
        Path jpackage = Path.of(System.getProperty("app.image")).getParent();
        List<String> classPath;
        try (Stream<Path> jars = Files.list(jpackage.resolve("input"))) {
            classPath = jars.map(Path::toString).filter(f -> f.endsWith(".jar")).sorted().toList();
        }
        ToolProvider jdeps = ToolProvider.findFirst("jdeps").orElseThrow();
        StringWriter out = new StringWriter();
        int status = jdeps.run(new PrintWriter(out), new PrintWriter(out), "--multi-release", "17",
                "--ignore-missing-deps", "--print-module-deps",
                "--module-path", jpackage.resolve("javafx").toString(),
                "--class-path", String.join(File.pathSeparator, classPath),
                jpackage.resolve("input/ml-service-app.jar").toString());
        assertThat(status).as(out.toString()).isZero();
        List<String> used = List.of(out.toString().trim().split(","));
        assertThat(used).as("jdeps found the modules").contains("java.base", "javafx.controls");

        String release = Files.readString(jpackage.resolve("runtime/release"));
        Matcher modules = Pattern.compile("(?m)^MODULES=\"([^\"]*)\"").matcher(release);
        assertThat(modules.find()).as(release).isTrue();
        assertThat(List.of(modules.group(1).split(" "))).as("modules in jlink/runtime.args").containsAll(used);
    }

    private static Path serverLauncher() {
        return launcher("ml-service-server");
    }

    /** The console's launcher is named after the application: ml-service on Linux, ML Service elsewhere. */
    private static String consoleLauncherName() {
        return System.getProperty("app.name");
    }

    private static Path launcher(String launcherName) {
        Path launcher = inImage(launcherName + ".exe", "Contents/MacOS/" + launcherName, "bin/" + launcherName);
        assertThat(launcher).as("a launcher of the app image (built by mvn verify)").isExecutable();
        return launcher;
    }

    /** The folder of the launchers' .cfg files and the application's jars. */
    private static Path appFolder() {
        return inImage("app", "Contents/app", "lib/app");
    }

    private static Path runtimeJava() {
        return inImage("runtime/bin/java.exe", "Contents/runtime/Contents/Home/bin/java", "lib/runtime/bin/java");
    }

    /** A path inside the app image, which jpackage lays out per OS. */
    private static Path inImage(String onWindows, String onMac, String onLinux) {
        Path image = Path.of(System.getProperty("app.image"));
        String name = System.getProperty("app.name");
        String os = System.getProperty("os.name").toLowerCase(Locale.ROOT);
        if (os.startsWith("windows")) {
            return image.resolve(name).resolve(onWindows);
        }
        if (os.startsWith("mac")) {
            return image.resolve(name + ".app").resolve(onMac);
        }
        return image.resolve(name).resolve(onLinux);
    }

    /**
     * Linux follows the XDG variables, Windows %LOCALAPPDATA%; macOS uses the account's real home, so there the
     * test names the folders itself.
     */
    private static Map<String, String> userFolders(Path home) throws IOException {
        String os = System.getProperty("os.name").toLowerCase(Locale.ROOT);
        if (os.startsWith("windows")) {
            return Map.of("LOCALAPPDATA", home.resolve("AppData/Local").toString());
        }
        if (os.startsWith("mac")) {
            Path settings = Files.createDirectories(home.resolve("config")).resolve("settings.properties");
            Files.writeString(settings, "");
            return Map.of("ML_SETTINGS_FILE", settings.toString(),
                    "ML_MODELS_DIR", home.resolve("models").toString(),
                    "ML_LOGS_DIR", home.resolve("logs").toString());
        }
        return Map.of("HOME", home.toString(),
                "XDG_CONFIG_HOME", home.resolve(".config").toString(),
                "XDG_DATA_HOME", home.resolve(".local/share").toString(),
                "XDG_STATE_HOME", home.resolve(".local/state").toString());
    }

    private static void assertPerUserFolders(Path home, Path workingFolder) throws IOException {
        String os = System.getProperty("os.name").toLowerCase(Locale.ROOT);
        Path models;
        Path logs;
        if (os.startsWith("windows")) {
            models = home.resolve("AppData/Local/ML Service/models");
            logs = home.resolve("AppData/Local/ML Service/logs");
        } else if (os.startsWith("mac")) {
            models = home.resolve("models");
            logs = home.resolve("logs");
        } else {
            models = home.resolve(".local/share/ml-service/models");
            logs = home.resolve(".local/state/ml-service/logs");
        }
        try (Stream<Path> files = Files.list(models)) {
            assertThat(files.map(f -> f.getFileName().toString()).toList()).as("models in " + models)
                    .anyMatch(f -> f.endsWith(".mlm"));
        }
        assertThat(logs.resolve("train_summary.log")).exists();
        String log = Files.readString(logs.resolve("ml-service.log"));
        assertThat(log).contains("Stopped").doesNotContain(KEY);
        try (Stream<Path> files = Files.list(workingFolder)) {
            assertThat(files.toList()).as("nothing written to the working folder").isEmpty();
        }
    }

    /** The values of one key in the console launcher's .cfg, with $APPDIR resolved. */
    private static List<String> launcherConfig(Path app, String key) throws IOException {
        Path cfg = app.resolve(consoleLauncherName() + ".cfg");
        List<String> values = new ArrayList<>();
        for (String line : Files.readAllLines(cfg)) {
            if (line.startsWith(key + "=")) {
                values.add(line.substring(key.length() + 1).replace("$APPDIR", app.toString()));
            }
        }
        assertThat(values).as(key + " in " + cfg).isNotEmpty();
        return values;
    }
}
