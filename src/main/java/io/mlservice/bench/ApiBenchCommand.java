package io.mlservice.bench;

import io.mlservice.api.ApiServer;
import io.mlservice.model.HyperParameters;
import io.mlservice.model.TenantModel;
import io.mlservice.model.TenantTrainer;
import io.mlservice.model.TrainingListener;
import io.mlservice.training.ExportTraining;
import io.mlservice.totara.Algorithm;
import io.mlservice.totara.demo.DemoExportGenerator;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

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
            Folders.deleteTree(root);
        }
        return 0;
    }

    /** The soak run on a model of {@code size} items; see {@link SoakRun}. */
    private SoakReport.Verdict soak(Path folder, int size) throws IOException, InterruptedException {
        TenantModel model = train(folder, size);
        out.printf(Locale.ROOT, "%n== soak: %,d items, %,d users, %,d interactions (hybrid, k=%d, %d epochs)%n",
                model.itemIds().size(), model.userIds().size(), model.interactions().size(), components, epochs);
        SoakRun soak = new SoakRun(out, new SoakRun.Plan(clients, seconds, warmup, soakLoadPercent, soakMinutes,
                Duration.ofSeconds(soakIntervalSeconds)));
        try (BenchServer server = BenchServer.serve(model, folder)) {
            return soak.run(server.queries(), exportTraining(BackgroundTraining.THREADS), folder);
        }
    }

    private void benchSize(Path folder, int size) throws IOException, InterruptedException {
        long started = System.nanoTime();
        TenantModel model = train(folder, size);
        out.printf(Locale.ROOT, "%n== %,d items, %,d users, %,d interactions (hybrid, k=%d, %d epochs; built in "
                        + "%.1f s)%n", model.itemIds().size(), model.userIds().size(), model.interactions().size(),
                components, epochs, (System.nanoTime() - started) / 1e9);
        try (BenchServer server = BenchServer.serve(model, folder)) {
            LoadDriver driver = new LoadDriver(server.queries(), seconds);
            if (warmup > 0) {
                // The first requests of a fresh server and clients run interpreted code; one unmeasured round
                // lets the compiler catch up before any endpoint is measured.
                driver.drive(Endpoint.USER_ITEMS, clients, warmup);
            }
            BackgroundTraining background = whileTraining
                    ? BackgroundTraining.start(exportTraining(BackgroundTraining.THREADS), folder) : null;
            try {
                for (Endpoint endpoint : Endpoint.values()) {
                    print(endpoint, clients, driver.drive(endpoint, clients, warmup));
                }
                LoadRun single = driver.drive(Endpoint.USER_ITEMS, 1, warmup);
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

    private void print(Endpoint endpoint, int clientCount, LoadRun run) {
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

}
