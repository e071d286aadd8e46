package io.mlservice.bench;

import io.mlservice.api.ApiMetrics;
import io.mlservice.api.ApiServer;
import io.mlservice.api.ServedModel;
import io.mlservice.api.ServiceStatus;
import io.mlservice.config.BindAddress;
import io.mlservice.config.Role;
import io.mlservice.config.Secret;
import io.mlservice.config.ServiceSettings;
import io.mlservice.model.HyperParameters;
import io.mlservice.model.TenantModel;
import io.mlservice.model.TenantTrainer;
import io.mlservice.model.TrainingListener;
import io.mlservice.training.ExportTraining;
import io.mlservice.serving.ModelRegistry;
import io.mlservice.totara.Algorithm;
import io.mlservice.totara.TotaraStatus;
import io.mlservice.totara.TotaraToken;
import io.mlservice.totara.demo.DemoExportGenerator;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.io.PrintStream;
import java.io.BufferedInputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Stream;

/**
 * {@code bench api}: trains demo models of the given sizes in-process, serves each from a real {@link ApiServer}
 * on loopback and drives signed GETs from several clients, each with its own HTTP/1.1 keep-alive connection over a
 * plain socket (a load generator's client: the cores it shares with the server go to the server).
 * Prints per endpoint requests per second, latency percentiles and the count of answers that were not a 200
 * {@code success: true}, and the one-client median of {@code /user-items}.
 */
@Command(name = "api", mixinStandardHelpOptions = true,
        description = "Benchmark the HTTP API: throughput and latency of /user-items and /similar-items.")
public final class ApiBenchCommand implements Callable<Integer> {
    private static final String TENANT = "0";
    private static final int USERS_PER_ITEM = 2;
    private static final int INTERACTIONS_PER_ITEM = 20;

    @Option(names = "--items", split = ",", defaultValue = "1000,20000", paramLabel = "<n>",
            description = "Model sizes in items (default: ${DEFAULT-VALUE}); each gets twice as many users and "
                    + "20 interactions per item.")
    List<Integer> items;

    @Option(names = "--clients", defaultValue = "8", description = "Concurrent clients (default: ${DEFAULT-VALUE}).")
    int clients;

    @Option(names = "--seconds", defaultValue = "10",
            description = "Measured seconds per endpoint (default: ${DEFAULT-VALUE}).")
    int seconds;

    @Option(names = "--warmup", defaultValue = "10",
            description = "Unmeasured seconds before each measurement (default: ${DEFAULT-VALUE}).")
    int warmup;

    @Option(names = "--components", defaultValue = "64", description = "Embedding size (default: ${DEFAULT-VALUE}).")
    int components;

    @Option(names = "--epochs", defaultValue = "2",
            description = "Training epochs; the model's quality does not matter here (default: ${DEFAULT-VALUE}).")
    int epochs;

    @Option(names = "--while-training", description = "Measure while the same export trains again and again in "
            + "the background on every core, as during a training cycle.")
    boolean whileTraining;

    @Option(names = "--soak", paramLabel = "<minutes>", description = "Soak run instead: with the export training "
            + "in the background, find the capacity of /user-items (a ramp of 1, 2, 4, ... --clients clients), then "
            + "drive it at --soak-load percent of that for this many minutes (fractions allowed), reporting errors, "
            + "p99, heap after GC and live threads every --soak-interval seconds, and a verdict. Uses the first "
            + "--items size.")
    double soakMinutes;

    @Option(names = "--soak-interval", defaultValue = "30", paramLabel = "<seconds>",
            description = "Seconds per soak report line (default: ${DEFAULT-VALUE}).")
    int soakIntervalSeconds;

    @Option(names = "--soak-load", defaultValue = "80", paramLabel = "<percent>",
            description = "Soak load in percent of the measured capacity (default: ${DEFAULT-VALUE}).")
    int soakLoadPercent;

    private final PrintStream out = System.out;

    /** Which query a client sends. */
    private enum Endpoint {
        USER_ITEMS("/user-items"),
        SIMILAR_ITEMS("/similar-items");

        final String path;

        Endpoint(String path) {
            this.path = path;
        }
    }

    /** One measurement: latencies of the successful and failed answers, and how long it ran. */
    private record Run(long[] latencies, long failed, long nanos) {
        double perSecond() {
            return latencies.length * 1e9 / nanos;
        }

        double percentileMillis(double q) {
            if (latencies.length == 0) {
                return 0;
            }
            int rank = (int) Math.ceil(q * latencies.length);
            return latencies[Math.max(0, Math.min(latencies.length - 1, rank - 1))] / 1e6;
        }
    }

    @Override
    public Integer call() throws IOException, InterruptedException {
        if (clients < 1 || seconds < 1 || warmup < 0 || items.stream().anyMatch(n -> n < 10)) {
            throw new IllegalArgumentException("--clients and --seconds must be at least 1, --warmup at least 0, "
                    + "every --items size at least 10");
        }
        if (soakMinutes < 0 || soakIntervalSeconds < 1 || soakLoadPercent < 1 || soakLoadPercent > 100) {
            throw new IllegalArgumentException("--soak must not be negative, --soak-interval must be at least 1, "
                    + "--soak-load between 1 and 100");
        }
        out.printf(Locale.ROOT, "bench api: %d cores, max heap %d MiB, Java %s; %d clients, %d s measured after %d s"
                        + " warm-up%n", Runtime.getRuntime().availableProcessors(),
                Runtime.getRuntime().maxMemory() >> 20, System.getProperty("java.version"), clients, seconds, warmup);
        Path root = Files.createTempDirectory("ml-bench-api");
        try {
            if (soakMinutes > 0) {
                return soak(root.resolve("items-" + items.get(0)), items.get(0)).passed() ? 0 : 1;
            }
            for (int size : items) {
                benchSize(root.resolve("items-" + size), size);
            }
        } finally {
            deleteTree(root);
        }
        return 0;
    }

    /**
     * The soak run: capacity with the training running, then a steady load below it for the given minutes, with
     * the training still running; prints every interval and the verdict.
     */
    private SoakReport.Verdict soak(Path folder, int size) throws IOException, InterruptedException {
        TenantModel model = train(folder, size);
        out.printf(Locale.ROOT, "%n== soak: %,d items, %,d users, %,d interactions (hybrid, k=%d, %d epochs)%n",
                model.itemIds().size(), model.userIds().size(), model.interactions().size(), components, epochs);
        ModelRegistry registry = new ModelRegistry();
        registry.replaceAll(List.of(ModelRegistry.Entry.trained(model, Instant.now())));
        String key = randomKey();
        ServiceSettings settings = settings(key);
        try (ApiServer server = new ApiServer(() -> settings, registry, new BenchStatus(folder),
                new ApiMetrics(Clock.systemUTC()), Clock.systemUTC())) {
            server.start();
            Queries queries = new Queries(server.baseUri(), model, key);
            BackgroundTraining background = BackgroundTraining.start(this, folder);
            SoakReport report;
            try {
                double capacity = capacity(queries);
                double rate = capacity * soakLoadPercent / 100;
                out.printf(Locale.ROOT, "  capacity of /user-items while training: %,.0f req/s; driving %d clients "
                                + "at %,.0f req/s (%d%%) for %s min, training in the background on %d threads%n",
                        capacity, clients, rate, soakLoadPercent, minutesText(soakMinutes), BackgroundTraining.THREADS);
                report = drivePaced(queries, rate, Duration.ofMillis(Math.round(soakMinutes * 60_000)),
                        Duration.ofSeconds(soakIntervalSeconds));
            } finally {
                out.printf(Locale.ROOT, "  trainings finished in the background: %d%n", background.stop());
            }
            SoakReport.Verdict verdict = report.verdict();
            SoakReport.print(out, verdict);
            return verdict;
        }
    }

    /** The best rate of a ramp of 1, 2, 4, ... up to {@code clients} clients, after one warm-up. */
    private double capacity(Queries queries) throws InterruptedException {
        if (warmup > 0) {
            drive(queries, Endpoint.USER_ITEMS, clients, warmup);
        }
        double best = 0;
        for (int n = 1; ; n = Math.min(clients, n * 2)) {
            Run run = drive(queries, Endpoint.USER_ITEMS, n, 0);
            out.printf(Locale.ROOT, "  ramp: %d client%s %,8.0f req/s  p99 %.2f ms  failed %d%n", n,
                    n == 1 ? ": " : "s:", run.perSecond(), run.percentileMillis(0.99), run.failed());
            best = Math.max(best, run.perSecond());
            if (n == clients) {
                return best;
            }
        }
    }

    /**
     * {@code clients} clients, each sending on its own schedule so that together they send {@code rate} requests
     * per second, each on its own keep-alive connection.
     */
    private SoakReport drivePaced(Queries queries, double rate, Duration length, Duration interval)
            throws InterruptedException {
        IntervalLatencies answers = new IntervalLatencies();
        long period = Math.max(1, Math.round(1e9 * clients / rate));
        long start = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(100);
        long end = start + length.toNanos();
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        SoakReport report = new SoakReport();
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        try (HeapAfterGc heap = new HeapAfterGc()) {
            List<Future<?>> running = new ArrayList<>();
            for (int c = 0; c < clients; c++) {
                Client client = new Client(queries, Endpoint.USER_ITEMS, new SplittableRandom(7919L * c));
                long first = start + period * c / clients;
                running.add(pool.submit(() -> {
                    client.runPaced(first, period, end, answers);
                    return null;
                }));
            }
            SoakReport.printHeader(out);
            for (long from = start; from < end; ) {
                long at = Math.min(from + interval.toNanos(), end);
                parkUntil(at);
                IntervalLatencies.Drained d = answers.drain();
                SoakReport.Interval line = new SoakReport.Interval(Duration.ofNanos(at - start), d.requests(),
                        d.errors(), d.p99Millis(), d.maxMillis(), heap.takeLowest(), threads.getThreadCount());
                report.add(line);
                SoakReport.print(out, line, Duration.ofNanos(at - from));
                from = at;
            }
            for (Future<?> f : running) {
                f.get();
            }
        } catch (ExecutionException e) {
            throw new IllegalStateException("a soak client failed: " + e.getCause(), e.getCause());
        } finally {
            pool.shutdownNow();
        }
        return report;
    }

    private static void parkUntil(long nanoTime) {
        for (long wait = nanoTime - System.nanoTime(); wait > 0; wait = nanoTime - System.nanoTime()) {
            LockSupport.parkNanos(wait);
        }
    }

    private static String minutesText(double minutes) {
        return minutes == Math.rint(minutes) ? Long.toString((long) minutes) : Double.toString(minutes);
    }

    private static String randomKey() {
        byte[] secret = new byte[16];
        new SecureRandom().nextBytes(secret);
        return HexFormat.of().formatHex(secret);
    }

    private void benchSize(Path folder, int size) throws IOException, InterruptedException {
        long started = System.nanoTime();
        TenantModel model = train(folder, size);
        out.printf(Locale.ROOT, "%n== %,d items, %,d users, %,d interactions (hybrid, k=%d, %d epochs; built in "
                        + "%.1f s)%n", model.itemIds().size(), model.userIds().size(), model.interactions().size(),
                components, epochs, (System.nanoTime() - started) / 1e9);
        ModelRegistry registry = new ModelRegistry();
        registry.replaceAll(List.of(ModelRegistry.Entry.trained(model, Instant.now())));
        String key = randomKey();
        ServiceSettings settings = settings(key);
        try (ApiServer server = new ApiServer(() -> settings, registry, new BenchStatus(folder),
                new ApiMetrics(Clock.systemUTC()), Clock.systemUTC())) {
            server.start();
            Queries queries = new Queries(server.baseUri(), model, key);
            if (warmup > 0) {
                // The first requests of a fresh server and clients run interpreted code; one unmeasured round
                // lets the compiler catch up before any endpoint is measured.
                drive(queries, Endpoint.USER_ITEMS, clients, warmup);
            }
            BackgroundTraining background = whileTraining ? BackgroundTraining.start(this, folder) : null;
            try {
                for (Endpoint endpoint : Endpoint.values()) {
                    print(endpoint, clients, drive(queries, endpoint, clients, warmup));
                }
                Run single = drive(queries, Endpoint.USER_ITEMS, 1, warmup);
                out.printf(Locale.ROOT, "  %-15s 1 client:  median %.2f ms (%,.0f req/s), failed %d%n",
                        Endpoint.USER_ITEMS.path, single.percentileMillis(0.5), single.perSecond(),
                        single.failed());
            } finally {
                if (background != null) {
                    out.printf(Locale.ROOT, "  (measured while the export trained again and again in the "
                            + "background on %d threads; trainings finished: %d)%n", BackgroundTraining.THREADS,
                            background.stop());
                }
            }
        }
    }

    private void print(Endpoint endpoint, int clientCount, Run run) {
        out.printf(Locale.ROOT, "  %-15s %d clients: %,8.0f req/s  p50 %.2f ms  p99 %.2f ms  p99.9 %.2f ms  "
                        + "max %.2f ms  failed %d%n", endpoint.path, clientCount, run.perSecond(),
                run.percentileMillis(0.50), run.percentileMillis(0.99), run.percentileMillis(0.999),
                run.percentileMillis(1.0), run.failed());
    }

    private TenantModel train(Path folder, int size) throws IOException {
        new DemoExportGenerator(new DemoExportGenerator.Spec(size * USERS_PER_ITEM, size,
                size * INTERACTIONS_PER_ITEM, 1, DemoExportGenerator.Spec.DEFAULT_SEED)).write(folder);
        return exportTraining(Runtime.getRuntime().availableProcessors())
                .trainAll(folder, t -> TrainingListener.NONE).stream()
                .filter(ExportTraining.TenantTraining::trained).map(ExportTraining.TenantTraining::model).findFirst()
                .orElseThrow(() -> new IllegalStateException("the demo export of " + size
                        + " items gave no trainable tenant"));
    }

    /** The demo's training with the benchmark's fixed configuration, on {@code threads} threads. */
    private ExportTraining exportTraining(int threads) {
        HyperParameters fixed = HyperParameters.defaults().withComponents(components).withEpochs(epochs);
        TenantTrainer.Options options = TenantTrainer.Options.defaults().withFixed(fixed).withThreads(threads);
        return ExportTraining.of(Algorithm.HYBRID, options);
    }

    /** Trains the export again and again on every core until stopped, as a training cycle loads the machine. */
    private static final class BackgroundTraining {
        static final int THREADS = Runtime.getRuntime().availableProcessors();

        private final AtomicBoolean stopping = new AtomicBoolean();
        private final AtomicInteger finished = new AtomicInteger();
        private Thread thread;

        static BackgroundTraining start(ApiBenchCommand bench, Path folder) {
            BackgroundTraining b = new BackgroundTraining();
            ExportTraining training = bench.exportTraining(THREADS);
            TrainingListener listener = new TrainingListener() {
                @Override
                public boolean cancelRequested() {
                    return b.stopping.get();
                }
            };
            b.thread = new Thread(() -> {
                while (!b.stopping.get()) {
                    try {
                        training.trainAll(folder, t -> listener);
                        b.finished.incrementAndGet();
                    } catch (CancellationException | IOException e) {
                        return;
                    }
                }
            }, "bench-training");
            b.thread.setDaemon(true);
            b.thread.start();
            return b;
        }

        int stop() throws InterruptedException {
            stopping.set(true);
            thread.join();
            return finished.get();
        }
    }

    /**
     * Runs {@code clientCount} clients for {@code warmupSeconds} and then the measured time; only answers to
     * requests sent after the warm-up count.
     */
    private Run drive(Queries queries, Endpoint endpoint, int clientCount, int warmupSeconds)
            throws InterruptedException {
        List<Client> clientList = new ArrayList<>();
        for (int c = 0; c < clientCount; c++) {
            clientList.add(new Client(queries, endpoint, new SplittableRandom(1000L * c + endpoint.ordinal())));
        }
        ExecutorService pool = Executors.newFixedThreadPool(clientCount);
        try {
            long measureFrom = System.nanoTime() + Duration.ofSeconds(warmupSeconds).toNanos();
            long until = measureFrom + Duration.ofSeconds(seconds).toNanos();
            List<Future<?>> running = new ArrayList<>();
            for (Client client : clientList) {
                running.add(pool.submit(() -> {
                    client.run(measureFrom, until);
                    return null;
                }));
            }
            for (Future<?> f : running) {
                f.get();
            }
            return merge(clientList, until - measureFrom);
        } catch (ExecutionException e) {
            throw new IllegalStateException("a benchmark client failed: " + e.getCause(), e.getCause());
        } finally {
            pool.shutdownNow();
        }
    }

    private static Run merge(List<Client> clients, long nanos) {
        long[] all = clients.stream().flatMapToLong(c -> Arrays.stream(c.latencies, 0, c.count)).sorted().toArray();
        return new Run(all, clients.stream().mapToLong(c -> c.failed).sum(), nanos);
    }

    private static ServiceSettings settings(String key) {
        return new ServiceSettings(null, Secret.of(key), Path.of("data/models"), Path.of("data/logs"), 1440, null, 1,
                Algorithm.HYBRID.id(), new BindAddress("127.0.0.1", 0), false, Path.of("."), true, false, 500,
                Path.of("data/logs/history.db"), null, null, 1L << 31, null, 16L << 20, 10_000, 10_000,
                20L << 30, null, null, null, null, Role.TRAIN);
    }

    /** The random queries clients send, signed like Totara signs them. */
    private static final class Queries {
        private final URI base;
        private final List<String> users;
        private final List<String> itemIds;
        private final List<String> types;
        private final String key;

        Queries(URI base, TenantModel model, String key) {
            this.base = base;
            this.users = model.userIds();
            this.itemIds = model.itemIds();
            this.types = model.itemTypes().stream().distinct().toList();
            this.key = key;
        }

        /** The request as Totara's client sends it, signed for the current second. */
        byte[] next(Endpoint endpoint, SplittableRandom random) {
            String query = endpoint == Endpoint.USER_ITEMS
                    ? "/user-items?totara_user_id=" + encode(pick(users, random)) + "&item_type="
                    + encode(pick(types, random)) + "&tenant=" + TENANT + "&n_items=25"
                    : "/similar-items?totara_item_id=" + encode(pick(itemIds, random)) + "&tenant=" + TENANT
                    + "&n_items=15";
            StringBuilder request = new StringBuilder("GET " + query + " HTTP/1.1\r\nHost: " + base.getHost()
                    + ":" + base.getPort() + "\r\n");
            TotaraToken.signedHeaders(key, System.currentTimeMillis() / 1000)
                    .forEach((name, value) -> request.append(name).append(": ").append(value).append("\r\n"));
            return request.append("Accept: application/json\r\n\r\n").toString().getBytes(StandardCharsets.US_ASCII);
        }

        private static String pick(List<String> values, SplittableRandom random) {
            return values.get(random.nextInt(values.size()));
        }

        private static String encode(String value) {
            return URLEncoder.encode(value, StandardCharsets.UTF_8);
        }
    }

    /**
     * One client: its own HTTP/1.1 keep-alive connection, sending one request after the other. It speaks HTTP over
     * a plain socket, as load generators do, so that the cores clients and server share go to the server.
     */
    private static final class Client {
        private static final byte[] SUCCESS = "{\"success\":true".getBytes(StandardCharsets.US_ASCII);

        private final Queries queries;
        private final Endpoint endpoint;
        private final SplittableRandom random;
        private long[] latencies = new long[1 << 14];
        private int count;
        private long failed;
        private Socket socket;
        private OutputStream toServer;
        private InputStream fromServer;

        Client(Queries queries, Endpoint endpoint, SplittableRandom random) {
            this.queries = queries;
            this.endpoint = endpoint;
            this.random = random;
        }

        /** Sends until {@code end}; answers to requests sent before {@code from} are not counted. */
        void run(long from, long end) throws IOException {
            try {
                for (long sent = System.nanoTime(); sent < end; sent = System.nanoTime()) {
                    boolean warming = sent < from;
                    // Warming up covers both endpoints, so that neither is measured while the other's code
                    // compiles.
                    Endpoint asking = warming && random.nextBoolean() ? other(endpoint) : endpoint;
                    boolean ok = exchange(queries.next(asking, random));
                    long took = System.nanoTime() - sent;
                    if (warming) {
                        continue;
                    }
                    if (ok) {
                        add(took);
                    } else {
                        failed++;
                    }
                }
            } finally {
                disconnect();
            }
        }

        /**
         * Sends each request when it is due ({@code first}, then every {@code period}) until {@code end}; after a
         * late answer the schedule restarts from now rather than catching up in a burst, so the achieved rate shows
         * a shortfall. A failed exchange counts as an error and the next request reconnects.
         */
        void runPaced(long first, long period, long end, IntervalLatencies answers) throws IOException {
            try {
                for (long due = first; due < end; due = Math.max(due + period, System.nanoTime())) {
                    parkUntil(due);
                    long sent = System.nanoTime();
                    boolean ok;
                    try {
                        ok = exchange(queries.next(endpoint, random));
                    } catch (IOException e) {
                        ok = false;
                        disconnect();
                    }
                    long took = System.nanoTime() - sent;
                    if (ok) {
                        answers.answered(took);
                    } else {
                        answers.failed();
                    }
                }
            } finally {
                disconnect();
            }
        }

        /** One request and its answer; true for a 200 whose body starts {@code {"success":true}. */
        private boolean exchange(byte[] request) throws IOException {
            if (socket == null) {
                socket = new Socket(queries.base.getHost(), queries.base.getPort());
                socket.setTcpNoDelay(true);
                toServer = socket.getOutputStream();
                fromServer = new BufferedInputStream(socket.getInputStream(), 1 << 16);
            }
            toServer.write(request);
            toServer.flush();
            String status = line();
            int length = -1;
            boolean close = false;
            for (String header = line(); !header.isEmpty(); header = line()) {
                String lower = header.toLowerCase(Locale.ROOT);
                if (lower.startsWith("content-length:")) {
                    length = Integer.parseInt(lower.substring(15).trim());
                } else if (lower.startsWith("connection:") && lower.contains("close")) {
                    close = true;
                }
            }
            if (length < 0) {
                throw new IOException("the server answered without a Content-Length: " + status);
            }
            byte[] body = fromServer.readNBytes(length);
            if (close) {
                disconnect();
            }
            return status.startsWith("HTTP/1.1 200") && Arrays.equals(body, 0, Math.min(body.length,
                    SUCCESS.length), SUCCESS, 0, SUCCESS.length);
        }

        private String line() throws IOException {
            StringBuilder line = new StringBuilder(64);
            for (int c = fromServer.read(); c != '\n'; c = fromServer.read()) {
                if (c < 0) {
                    throw new IOException("the server closed the connection");
                }
                if (c != '\r') {
                    line.append((char) c);
                }
            }
            return line.toString();
        }

        private void disconnect() throws IOException {
            if (socket != null) {
                socket.close();
                socket = null;
            }
        }

        private static Endpoint other(Endpoint endpoint) {
            return endpoint == Endpoint.USER_ITEMS ? Endpoint.SIMILAR_ITEMS : Endpoint.USER_ITEMS;
        }

        private void add(long nanos) {
            if (count == latencies.length) {
                latencies = Arrays.copyOf(latencies, count * 2);
            }
            latencies[count++] = nanos;
        }
    }

    /** What the status page would show; nothing here asks Totara. */
    private record BenchStatus(Path folder) implements ServiceStatus {
        @Override
        public String version() {
            return "bench";
        }

        @Override
        public Optional<String> totaraUrl() {
            return Optional.empty();
        }

        @Override
        public String exportSource() {
            return folder.toString();
        }

        @Override
        public Optional<TotaraStatus> checkTotara() {
            return Optional.empty();
        }

        @Override
        public Optional<TotaraStatus> recentTotaraStatus() {
            return Optional.empty();
        }

        @Override
        public boolean logsFileExists() {
            return false;
        }

        @Override
        public Optional<String> lastTrainingSummary() {
            return Optional.empty();
        }

        @Override
        public Optional<Instant> lastTraining() {
            return Optional.empty();
        }

        @Override
        public Optional<Instant> nextTraining() {
            return Optional.empty();
        }

        @Override
        public boolean training() {
            return false;
        }

        @Override
        public Role role() {
            return Role.TRAIN;
        }

        @Override
        public Optional<ServedModel> servedModel() {
            return Optional.empty();
        }
    }

    private static void deleteTree(Path root) throws IOException {
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
