package io.mlservice.packaging;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mlservice.cli.LaunchedService;
import io.mlservice.service.SignedClient;
import io.mlservice.totara.FakeTotara;
import io.mlservice.totara.demo.DemoExportGenerator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The container image as {@code docker run} starts it, tested where no container can be run (this machine's sandbox
 * refuses the calls container runtimes make): the saved archive is loaded with podman, its file system exported and
 * unpacked, and its entrypoint started as the image's user with the image's environment, in new mount and PID
 * namespaces (so the process is PID 1, as in a container) with /proc, a container's few devices and the data volume
 * mounted, on the host's loopback network. The volume is a folder owned by root holding a {@code train_summary.log},
 * as the original image, which ran as root, leaves it. Needs root, or {@code sudo -n}.
 */
class ContainerImageIT {
    private static final String KEY = "container-image-test-key";
    private static final Duration TRAINING_LIMIT = Duration.ofMinutes(3);
    private static final Pattern LOADED = Pattern.compile("Loaded image(?:\\(s\\))?: ?(\\S+)");
    private static final List<String> SUMMARY_BEFORE = List.of(
            "TIMESTAMP,ALGORITHM,TENANT_ID,MSG,EPOCHS,N_EMBEDDINGS,SCORE",
            "2026-11-25 08:15:03,hybrid,0,trained,10,64,0.8765",
            "2026-11-26 08:15:04,hybrid,all,Could not download the data,,,");
    /** The script that mounts what a container runtime would and starts the entrypoint in the unpacked image. */
    private static final String START_IN_IMAGE = """
            set -e
            root=$1 volume=$2 data=$3 user=$4 workdir=$5
            shift 5
            mount --bind "$data" "$root$volume"
            mount -t proc proc "$root/proc"
            mount -t tmpfs -o mode=755,nosuid tmpfs "$root/dev"
            for node in null zero full random urandom tty; do
                touch "$root/dev/$node"
                mount --bind "/dev/$node" "$root/dev/$node"
            done
            mkdir "$root/dev/shm"
            mount -t tmpfs -o mode=1777,nosuid,nodev tmpfs "$root/dev/shm"
            exec chroot --userspec="$user" "$root" /bin/sh -c 'cd "$1" && shift && exec "$@"' sh "$workdir" "$@"
            """;

    @TempDir
    Path temp;

    private final List<String> containers = new ArrayList<>();
    private Process container;

    @AfterEach
    void cleanUp() throws Exception {
        if (container != null) {
            container.descendants().forEach(ProcessHandle::destroyForcibly);
            container.destroyForcibly();
            container.waitFor(30, TimeUnit.SECONDS);
        }
        for (String id : containers) {
            run(asRoot("podman", "rm", "--force", id));
        }
        // the unpacked image and the volume hold files of root and of the image's user
        run(asRoot("rm", "-rf", temp.resolve("rootfs").toString(), temp.resolve("data").toString()));
    }

    @Test
    void theDocumentedDockerRunLineServesSignedCallsKeepsTheVolumesLogAndStopsOnSigterm() throws Exception {
        String image = load(Path.of(System.getProperty("container.archive")));
        ImageConfig config = ImageConfig.of(inspect(image));
        ContainerfileDeclarations declared = ContainerfileDeclarations.read();
        assertThat(config.environment()).containsAllEntriesOf(declared.environment());
        assertThat(config.exposedPorts()).containsExactlyElementsOf(declared.exposedPorts());
        assertThat(config.volumes()).containsExactlyElementsOf(declared.volumes());
        assertThat(config.healthCheck()).isEqualTo(declared.healthCheck());

        Path rootfs = unpack(image);
        assertServerRuntimeOnly(rootfs);
        String volume = config.volumes().get(0);
        Path data = oldVolume();

        Path export = temp.resolve("export");
        new DemoExportGenerator(DemoExportGenerator.Spec.toy()).write(export);
        try (FakeTotara totara = FakeTotara.serving(export, KEY)) {
            // as `docker run --env` adds them; the port differs from 5000 since the host's loopback is shared
            Map<String, String> environment = new LinkedHashMap<>(config.environment());
            environment.putAll(Map.of("ML_TOTARA_URL", totara.url().toString(), "ML_TOTARA_KEY", KEY,
                    "ML_BIND", "0.0.0.0:" + freePort()));
            container = start(rootfs, config, volume, data, environment);
            LaunchedService launched = LaunchedService.of(container);
            SignedClient totaraSide = new SignedClient(URI.create(launched.awaitListening(Duration.ofMinutes(2))),
                    KEY);

            ProcessHandle pidOne = pidOne();
            int serviceUid = uidOf(rootfs, "ml");
            assertThat(status(pidOne, "Uid")).as("the JVM runs as the image's user ml, not root")
                    .startsWith(serviceUid + "\t");
            assertThat(Files.readString(Path.of("/proc", Long.toString(pidOne.pid()), "cmdline")))
                    .as("the JVM is PID 1 (exec all the way)").startsWith("/opt/ml-service/runtime/bin/java\0");

            SignedClient.Answer health = totaraSide.get("health-check");
            assertThat(health.status()).as(health.body()).isEqualTo(200);
            // the health check's success reads train_summary.log, which the old rows already satisfy: wait for ours
            Path summary = data.resolve("train_logs/train_summary.log");
            launched.until("the first training cycle appended to train_summary.log",
                    () -> Files.readAllLines(summary).size() > SUMMARY_BEFORE.size(), TRAINING_LIMIT);
            assertThat(totaraSide.get("health-check").json().path("success").asBoolean()).isTrue();
            SignedClient.Answer items = totaraSide.get(
                    "user-items?totara_user_id=2&item_type=engage_article&tenant=0&n_items=5");
            assertThat(items.status()).as(items.body()).isEqualTo(200);
            assertThat(items.json().path("items").size()).as(items.body()).isPositive();

            assertThat(healthCheck(pidOne, config, environment)).as("the image's HEALTHCHECK passes").isZero();
            Map<String, String> nothingListening = new LinkedHashMap<>(environment);
            nothingListening.put("ML_BIND", "0.0.0.0:" + freePort());
            assertThat(healthCheck(pidOne, config, nothingListening)).as("and fails with nothing listening")
                    .isNotZero();

            assertVolume(data, serviceUid);

            pidOne.destroy();
            assertThat(container.waitFor(60, TimeUnit.SECONDS)).as("stopped after SIGTERM").isTrue();
            assertThat(container.exitValue()).as("the JVM's exit status after SIGTERM").isIn(0, 143);
        }
        assertThat(Files.readString(temp.resolve("stderr.txt"))).contains("Stopped").doesNotContain(KEY);
        assertThat(Files.readString(data.resolve("train_logs/ml-service.log"))).contains("Stopped")
                .doesNotContain(KEY);
    }

    /** The runtime is the server's: no JavaFX, no desktop modules, and no console-only library beside the jar. */
    private static void assertServerRuntimeOnly(Path rootfs) throws IOException {
        Path app = rootfs.resolve("opt/ml-service");
        String release = Files.readString(app.resolve("runtime/release"));
        Matcher modules = Pattern.compile("(?m)^MODULES=\"([^\"]*)\"").matcher(release);
        assertThat(modules.find()).as(release).isTrue();
        assertThat(List.of(modules.group(1).split(" "))).contains("java.base", "java.net.http", "java.sql")
                .doesNotContain("java.desktop").noneMatch(m -> m.startsWith("javafx."));
        try (Stream<Path> jars = Files.list(app.resolve("lib"))) {
            assertThat(jars.map(j -> j.getFileName().toString()).toList()).contains("ml-service-app.jar")
                    .noneMatch(j -> j.startsWith("javafx") || j.startsWith("controlsfx") || j.startsWith("atlantafx"));
        }
    }

    /** A data folder as the original leaves it: owned by root, with its training summary. */
    private Path oldVolume() throws Exception {
        Path data = temp.resolve("data");
        Files.createDirectories(data.resolve("train_logs"));
        Files.write(data.resolve("train_logs/train_summary.log"), SUMMARY_BEFORE);
        run(asRoot("chown", "-R", "0:0", data.toString()));
        run(asRoot("chmod", "-R", "go-w", data.toString()));
        return data;
    }

    private static void assertVolume(Path data, int serviceUid) throws IOException {
        assertThat(data.resolve("models")).isDirectory();
        assertThat(data.resolve("train_logs")).isDirectory();
        assertThat(Files.getAttribute(data.resolve("models"), "unix:uid")).isEqualTo(serviceUid);
        try (Stream<Path> models = Files.list(data.resolve("models"))) {
            assertThat(models.map(m -> m.getFileName().toString())).anyMatch(m -> m.endsWith(".mlm"));
        }
        List<String> summary = Files.readAllLines(data.resolve("train_logs/train_summary.log"));
        assertThat(summary).as("the old rows are kept, the new cycle's appended").startsWith(
                SUMMARY_BEFORE.toArray(String[]::new)).hasSizeGreaterThan(SUMMARY_BEFORE.size());
    }

    /** {@code podman load}, as {@code docker load} would: the archive must be one they accept. */
    private String load(Path archive) throws Exception {
        assertThat(archive).as("the image archive (mvn -Pcontainer verify builds it)").isRegularFile();
        String printed = run(asRoot("podman", "load", "-i", archive.toString()));
        Matcher loaded = LOADED.matcher(printed);
        assertThat(loaded.find()).as(printed).isTrue();
        return loaded.group(1);
    }

    private JsonNode inspect(String image) throws Exception {
        return new ObjectMapper().readTree(run(asRoot("podman", "image", "inspect", image))).get(0);
    }

    /** The image's file system, as {@code podman create} + {@code podman export} give it, unpacked. */
    private Path unpack(String image) throws Exception {
        String id = run(asRoot("podman", "create", "--name", "ml-service-it-" + UUID.randomUUID(), image)).trim();
        containers.add(id);
        Path rootfs = Files.createDirectories(temp.resolve("rootfs"));
        Path tar = temp.resolve("rootfs.tar");
        run(asRoot("podman", "export", "-o", tar.toString(), id));
        run(asRoot("tar", "-x", "-p", "--numeric-owner", "-f", tar.toString(), "-C", rootfs.toString()));
        Files.delete(tar);
        return rootfs;
    }

    private Process start(Path rootfs, ImageConfig config, String volume, Path data, Map<String, String> environment)
            throws IOException {
        List<String> command = new ArrayList<>(List.of("env", "-i"));
        environment.forEach((name, value) -> command.add(name + "=" + value));
        command.addAll(List.of("unshare", "--mount", "--pid", "--fork", "--propagation", "private",
                "/bin/sh", "-c", START_IN_IMAGE, "start-in-image", rootfs.toString(), volume, data.toString(),
                userSpec(rootfs, config.user()), config.workingDir()));
        command.addAll(config.entrypoint());
        command.addAll(config.cmd());
        return new ProcessBuilder(asRoot(command)).redirectError(temp.resolve("stderr.txt").toFile()).start();
    }

    /** The image's HEALTHCHECK as the engine runs it: a process entering the container, as the image's user. */
    private int healthCheck(ProcessHandle pidOne, ImageConfig config, Map<String, String> environment)
            throws Exception {
        List<String> command = new ArrayList<>(List.of("env", "-i"));
        environment.forEach((name, value) -> command.add(name + "=" + value));
        command.addAll(List.of("nsenter", "--target", Long.toString(pidOne.pid()), "--mount", "--root", "--wd"));
        command.addAll(config.healthCheck());
        Process check = new ProcessBuilder(asRoot(command)).redirectErrorStream(true)
                .redirectOutput(temp.resolve("health-check.txt").toFile()).start();
        assertThat(check.waitFor(30, TimeUnit.SECONDS)).as("the health check ended").isTrue();
        return check.exitValue();
    }

    /** The container's PID 1: the process whose PID in its own namespace is 1. */
    private ProcessHandle pidOne() {
        return container.descendants().filter(p -> {
            try {
                return status(p, "NSpid").endsWith("\t1");
            } catch (IOException e) {
                return false;
            }
        }).findFirst().orElseThrow(() -> new AssertionError("no process is PID 1 of a new namespace"));
    }

    private static String status(ProcessHandle process, String field) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc", Long.toString(process.pid()), "status"))) {
            if (line.startsWith(field + ":")) {
                return line.substring(field.length() + 1).strip();
            }
        }
        throw new AssertionError("no " + field + " in the status of process " + process.pid());
    }

    /** The image's user as chroot takes it: uid:gid, root when the image names none. */
    private static String userSpec(Path rootfs, String user) throws IOException {
        if (user.isEmpty()) {
            return "0:0";
        }
        String name = user.split(":")[0];
        if (name.chars().allMatch(Character::isDigit)) {
            return user.contains(":") ? user : user + ":" + user;
        }
        String[] entry = passwdEntry(rootfs, name);
        return entry[2] + ":" + entry[3];
    }

    private static int uidOf(Path rootfs, String name) throws IOException {
        return Integer.parseInt(passwdEntry(rootfs, name)[2]);
    }

    private static String[] passwdEntry(Path rootfs, String name) throws IOException {
        return Files.readAllLines(rootfs.resolve("etc/passwd")).stream().map(line -> line.split(":"))
                .filter(entry -> entry[0].equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no user " + name + " in the image"));
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    /** Root's commands: as they are when the test runs as root, else through {@code sudo -n}. */
    private static List<String> asRoot(String... command) throws IOException {
        return asRoot(List.of(command));
    }

    private static List<String> asRoot(List<String> command) throws IOException {
        if (Files.getAttribute(Path.of("/proc/self"), "unix:uid").equals(0)) {
            return command;
        }
        List<String> withSudo = new ArrayList<>(List.of("sudo", "-n"));
        withSudo.addAll(command);
        return withSudo;
    }

    /** Runs a command to its end and returns its standard output; fails with everything it printed when it fails. */
    private String run(List<String> command) throws Exception {
        Path output = Files.createTempFile(temp, "command", ".txt");
        Path errors = Files.createTempFile(temp, "command", ".err");
        Process p = new ProcessBuilder(command).redirectOutput(output.toFile()).redirectError(errors.toFile())
                .start();
        assertThat(p.waitFor(5, TimeUnit.MINUTES)).as("%s ended", command).isTrue();
        String printed = Files.readString(output, StandardCharsets.UTF_8);
        assertThat(p.exitValue()).as("%s printed:%n%s%s", command, printed, Files.readString(errors)).isZero();
        return printed;
    }

    /** What {@code podman image inspect} says the engine will do with the image. */
    private record ImageConfig(Map<String, String> environment, String user, List<String> entrypoint,
                               List<String> cmd, String workingDir, List<Integer> exposedPorts, List<String> volumes,
                               List<String> healthCheck) {
        static ImageConfig of(JsonNode image) {
            JsonNode config = image.path("Config");
            Map<String, String> environment = new LinkedHashMap<>();
            config.path("Env").forEach(entry -> {
                String text = entry.asText();
                environment.put(text.substring(0, text.indexOf('=')), text.substring(text.indexOf('=') + 1));
            });
            List<Integer> ports = new ArrayList<>();
            config.path("ExposedPorts").fieldNames().forEachRemaining(p -> ports.add(Integer.parseInt(p.split("/")[0])));
            List<String> volumes = new ArrayList<>();
            config.path("Volumes").fieldNames().forEachRemaining(volumes::add);
            // podman shows the health check beside the config, docker inside it
            JsonNode healthCheck = image.has("Healthcheck") ? image.path("Healthcheck").path("Test")
                    : config.path("Healthcheck").path("Test");
            List<String> test = texts(healthCheck);
            assertThat(test).as("an exec-form HEALTHCHECK").isNotEmpty().first().isEqualTo("CMD");
            String workingDir = config.path("WorkingDir").asText("");
            return new ImageConfig(environment, config.path("User").asText(""), texts(config.path("Entrypoint")),
                    texts(config.path("Cmd")), workingDir.isEmpty() ? "/" : workingDir, ports, volumes,
                    test.subList(1, test.size()));
        }

        private static List<String> texts(JsonNode array) {
            List<String> texts = new ArrayList<>();
            array.forEach(word -> texts.add(word.asText()));
            return texts;
        }
    }
}
