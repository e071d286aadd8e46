package io.mlservice.faults;

import io.mlservice.cli.LaunchedService;
import io.mlservice.model.ModelFile;
import io.mlservice.service.SignedClient;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/** One service process of a {@link ServiceLaunch}, seen from outside: HTTP, its files, its process entry. */
final class RunningService implements AutoCloseable {
    private static final Pattern NEXT_TRAINING =
            Pattern.compile("Next training</dt><dd>(\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d) UTC");
    private static final DateTimeFormatter PAGE_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    private final ServiceLaunch launch;
    private final Process process;
    private final LaunchedService output;
    private final URI base;
    private final boolean ownMountNamespace;
    private final SignedClient client;
    private final HttpClient plain = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    RunningService(ServiceLaunch launch, Process process, LaunchedService output, String base,
                   boolean ownMountNamespace) {
        this.launch = launch;
        this.process = process;
        this.output = output;
        this.base = URI.create(base);
        this.ownMountNamespace = ownMountNamespace;
        this.client = new SignedClient(this.base, ServiceLaunch.KEY);
    }

    URI base() {
        return base;
    }

    /** Signed requests as Totara sends them (2 s budget). */
    SignedClient client() {
        return client;
    }

    long pid() {
        return process.pid();
    }

    /** The models folder as the service sees it (through its mount namespace when it has one). */
    Path models() {
        Path models = launch.models().toAbsolutePath();
        return ownMountNamespace ? Path.of("/proc", Long.toString(pid()), "root").resolve(
                Path.of("/").relativize(models)) : models;
    }

    /** The complete model files, by name (the atomic writer's temporary files excluded). */
    List<Path> modelFiles() throws IOException {
        try (Stream<Path> files = Files.list(models())) {
            return files.filter(f -> f.getFileName().toString().matches("model-.*\\.mlm")).sorted().toList();
        }
    }

    /** Whether the file is a model file the program can read in full. */
    static boolean readable(Path modelFile) {
        try {
            return !ModelFile.read(modelFile).isEmpty();
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    HistoryFile history() {
        return new HistoryFile(launch.logs().resolve("history.db"));
    }

    String log() throws IOException {
        return readIfThere(launch.logs().resolve("ml-service.log"));
    }

    String trainSummary() throws IOException {
        return readIfThere(launch.logs().resolve("train_summary.log"));
    }

    /** The home page's "Next training", empty when it says "not scheduled". */
    Optional<Instant> nextTraining() throws IOException, InterruptedException {
        String page = homePage();
        Matcher m = NEXT_TRAINING.matcher(page);
        return m.find() ? Optional.of(LocalDateTime.parse(m.group(1), PAGE_TIME).toInstant(ZoneOffset.UTC))
                : Optional.empty();
    }

    String homePage() throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(base).timeout(Duration.ofSeconds(5)).GET().build();
        return plain.send(request, HttpResponse.BodyHandlers.ofString()).body();
    }

    /** Live threads of the process, from {@code /proc/<pid>/status}. */
    int threads() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid()), "status"))) {
            if (line.startsWith("Threads:")) {
                return Integer.parseInt(line.substring("Threads:".length()).trim());
            }
        }
        throw new IOException("no thread count for process " + pid());
    }

    /**
     * Waits for the condition while the process lives; fails at once when it ends, with the end of
     * {@code ml-service.log} in the message.
     */
    void until(String what, Callable<Boolean> condition, Duration limit) throws Exception {
        try {
            output.until(what, condition, limit);
        } catch (AssertionError e) {
            List<String> lines = log().lines().toList();
            String tail = String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
            throw new AssertionError(e.getMessage() + "; the end of ml-service.log:\n" + tail, e);
        }
    }

    boolean alive() {
        return process.isAlive();
    }

    /** {@code kill -9}: no shutdown hook, no cleanup. */
    void killHard() throws InterruptedException {
        process.destroyForcibly();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            throw new AssertionError("process " + pid() + " survived SIGKILL");
        }
    }

    /** SIGTERM, as systemd stops it; returns the exit code. */
    int stop() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            throw new AssertionError("the service did not stop within 60 s of SIGTERM");
        }
        return process.exitValue();
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            process.destroyForcibly();
            process.waitFor(30, TimeUnit.SECONDS);
        }
    }

    private static String readIfThere(Path file) throws IOException {
        try {
            return Files.readString(file);
        } catch (NoSuchFileException e) {
            return "";
        }
    }
}
