package io.mlservice.bench;

import io.mlservice.data.Dataset;
import io.mlservice.data.Interactions;
import io.mlservice.model.AnnealingSearch;
import io.mlservice.model.EaseBaseline;
import io.mlservice.model.EpochStats;
import io.mlservice.model.Evaluator;
import io.mlservice.model.ModelScorer;
import io.mlservice.model.HyperParameterSearch;
import io.mlservice.model.HyperParameters;
import io.mlservice.model.Metrics;
import io.mlservice.model.TrainingListener;
import io.mlservice.model.TrainingRun;
import io.mlservice.totara.Algorithm;
import io.mlservice.totara.DatasetAssembler;
import io.mlservice.totara.ExportReader;
import io.mlservice.totara.InsufficientDataException;
import io.mlservice.totara.demo.DemoExportGenerator;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/**
 * {@code bench}: measures the trainer (positive samples per second per thread, time per epoch), the search against
 * EASE^R and the original's annealing (epochs spent, held-out AUC and precision) and the heap of training data +
 * model, on demo exports of 10k, 100k and 1M interactions. Prints numbers; compare ratios within one run.
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Benchmark training throughput, search cost and memory on demo data.",
        subcommands = {ApiBenchCommand.class, CycleBenchCommand.class})
public final class BenchCommand implements Callable<Integer> {

    @Option(names = "--sizes", split = ",", paramLabel = "<size>", defaultValue = "10k,100k,1m",
            converter = DemoSize.Converter.class,
            description = "Demo sizes to run: 10k, 100k, 1m, 10m (default: ${DEFAULT-VALUE}).")
    List<DemoSize> sizes;

    @Option(names = "--threads", defaultValue = "2", description = "Threads for the multi-thread runs.")
    int threads;

    @Option(names = "--epochs", defaultValue = "3",
            description = "Least epochs per throughput measurement, after two warm-up epochs (default: ${DEFAULT-VALUE}).")
    int epochs;

    @Option(names = "--annealing-up-to", defaultValue = "10k", converter = DemoSize.LimitConverter.class,
            description = "Run the original's annealing search for sizes up to this one (it is slow): 10k, 100k, 1m, "
                    + "none (default: ${DEFAULT-VALUE}).")
    String annealingUpTo;

    @Option(names = "--annealing-runs", defaultValue = "3",
            description = "Annealing runs (seeds) to average: its cost depends on its random path (default: ${DEFAULT-VALUE}).")
    int annealingRuns;

    private final PrintStream out = System.out;

    @Override
    public Integer call() throws IOException {
        out.printf(Locale.ROOT, "bench: %d cores, max heap %d MiB, Java %s%n", Runtime.getRuntime().availableProcessors(),
                Runtime.getRuntime().maxMemory() >> 20, System.getProperty("java.version"));
        Path root = Files.createTempDirectory("ml-bench");
        try {
            movieLensShaped(root);
            for (DemoSize size : sizes) {
                benchSize(root, size);
            }
        } finally {
            Folders.deleteTree(root);
        }
        return 0;
    }

    /** The shape of LightFM's published figure: MovieLens-100k positives (943 users, 1,682 items, ~55k). */
    private void movieLensShaped(Path root) throws IOException {
        Dataset data = load(root.resolve("ml100k"), new DemoExportGenerator.Spec(943, 1682, 55_000, 1, 42),
                Algorithm.MF);
        out.printf(Locale.ROOT, "%n== MovieLens-100k-shaped, plain MF (%d users, %d items, %d positives), k=32%n",
                data.userCount(), data.itemCount(), data.interactions().size());
        throughput(data, 32);
    }

    private void benchSize(Path root, DemoSize size) throws IOException {
        long t0 = System.nanoTime();
        usedAfterGc();
        resetPeaks();
        Dataset data = load(root.resolve(size.id()), size.spec(), Algorithm.HYBRID);
        long loadPeak = peakHeap();
        out.printf(Locale.ROOT, "%n== %s demo export, hybrid with identity features: %d users, %d items, %d interactions, "
                        + "%d user / %d item features (read + assemble %.1f s)%n", size.id(), data.userCount(),
                data.itemCount(), data.interactions().size(), data.userFeatures().featureCount(),
                data.itemFeatures().featureCount(), (System.nanoTime() - t0) / 1e9);
        out.printf(Locale.ROOT, "  peak heap while generating, reading and assembling: %d MiB%n", loadPeak >> 20);
        throughput(data, 32);
        if (size.compareTo(DemoSize.LARGE) >= 0) {
            memory(data, 100);
        } else {
            search(data, size);
        }
    }

    private void throughput(Dataset data, int k) {
        HyperParameters hp = HyperParameters.defaults().withComponents(k);
        for (int t : new int[]{1, threads}) {
            try (TrainingRun run = new TrainingRun(data.userFeatures(), data.itemFeatures(), data.interactions(), hp,
                    t, 7)) {
                run.runEpoch();
                run.runEpoch();
                long samples = 0;
                long nanos = 0;
                int measured = 0;
                // Small exports need many epochs for a stable figure: at least --epochs, and at least 3 s.
                while (measured < epochs || nanos < 3_000_000_000L) {
                    EpochStats s = run.runEpoch();
                    samples += s.samples();
                    nanos += s.epochNanos();
                    measured++;
                }
                double perSecond = samples * 1e9 / nanos;
                out.printf(Locale.ROOT, "  train k=%d, %d thread(s): %,.0f positive samples/s (%,.0f per thread), "
                        + "%.3f s per epoch (%d epochs)%n", k, t, perSecond, perSecond / t, nanos / 1e9 / measured,
                        measured);
            }
        }
    }

    /**
     * Both searches choose on a validation split carved out of the training part; each chosen configuration is
     * then trained on the whole training part and scored on a test part neither search saw, so the comparison
     * carries no selection bias. Cost counts every epoch, the final training included.
     */
    private void search(Dataset data, DemoSize size) {
        Interactions.Split outer = data.interactions().split(0.2, 42);
        Interactions.Split inner = outer.train().split(0.2, 43);
        Evaluator heldOut = new Evaluator(outer.train(), outer.test(), 10, 5000, 42);
        long t0 = System.nanoTime();
        EaseBaseline.Result ease = new EaseBaseline(threads, 42, 2000).run(outer, inner, heldOut);
        out.printf(Locale.ROOT, "  EASE^R (lambda chosen on the validation split): %s, %.1f s%n",
                ease.ran() ? "lambda " + Math.round(ease.lambda()) + ", test " + ease.heldOut().describe()
                        : ease.skipped(), (System.nanoTime() - t0) / 1e9);
        t0 = System.nanoTime();
        HyperParameterSearch.Result ours = new HyperParameterSearch(HyperParameterSearch.defaultCandidates(1e-6),
                threads, 42, 2000).run(data.userFeatures(), data.itemFeatures(), inner, TrainingListener.NONE);
        ours.close(); // only its choice is retrained here, as the annealing's is
        Metrics oursMetrics = testMetrics(data, outer, ours.best());
        double oursTest = oursMetrics.auc();
        double oursSeconds = (System.nanoTime() - t0) / 1e9;
        int oursEpochs = ours.epochsSpent() + ours.best().epochs();
        out.printf(Locale.ROOT, "  search (ours): test AUC %.4f, precision@10 %.4f (validation AUC %.4f) with %s; "
                + "%d epochs incl. final fit, %.1f s%n", oursTest, oursMetrics.precision(), ours.bestAuc(),
                ours.best().describe(), oursEpochs, oursSeconds);
        if (!runAnnealing(size)) {
            return;
        }
        double auc = 0;
        double epochsSpent = 0;
        double seconds = 0;
        for (int r = 0; r < annealingRuns; r++) {
            t0 = System.nanoTime();
            AnnealingSearch.Result original = new AnnealingSearch(30, 1e-3, threads, 42 + r, 2000)
                    .run(data.userFeatures(), data.itemFeatures(), inner);
            double test = testMetrics(data, outer, original.best()).auc();
            double took = (System.nanoTime() - t0) / 1e9;
            out.printf(Locale.ROOT, "  search (original's annealing, seed %d): test AUC %.4f (validation %.4f) with "
                    + "%s; %d epochs incl. final fit, %.1f s%n", 42 + r, test, original.bestAuc(),
                    original.best().describe(), original.epochsSpent(), took);
            auc += test / annealingRuns;
            epochsSpent += original.epochsSpent() / (double) annealingRuns;
            seconds += took / annealingRuns;
        }
        out.printf(Locale.ROOT, "  ours / original (mean of %d): test AUC %+.4f, epochs %.2f, time %.2f%n",
                annealingRuns, oursTest - auc, oursEpochs / epochsSpent, oursSeconds / seconds);
    }

    private Metrics testMetrics(Dataset data, Interactions.Split outer, HyperParameters chosen) {
        try (TrainingRun run = new TrainingRun(data.userFeatures(), data.itemFeatures(), outer.train(), chosen,
                threads, 44)) {
            for (int e = 0; e < chosen.epochs(); e++) {
                run.runEpoch();
            }
            return new Evaluator(outer.train(), outer.test(), 10, 5000, 42)
                    .evaluate(new ModelScorer(run.snapshot(), data.userFeatures(), data.itemFeatures()));
        }
    }

    private boolean runAnnealing(DemoSize size) {
        return !annealingUpTo.equals(DemoSize.LimitConverter.NONE)
                && size.compareTo(DemoSize.parse(annealingUpTo)) <= 0;
    }

    /** Heap held by the training data and a model of k components while it trains. */
    private void memory(Dataset data, int k) {
        long before = usedAfterGc();
        resetPeaks();
        HyperParameters hp = HyperParameters.defaults().withComponents(k);
        try (TrainingRun run = new TrainingRun(data.userFeatures(), data.itemFeatures(), data.interactions(), hp,
                threads, 7)) {
            EpochStats s = run.runEpoch();
            long withModel = usedAfterGc();
            out.printf(Locale.ROOT, "  train k=%d, %d threads: %.2f s per epoch%n", k, threads, s.epochNanos() / 1e9);
            out.printf(Locale.ROOT, "  heap: dataset %d MiB; dataset + model + optimiser state while training %d MiB "
                    + "(limit 1024); peak heap in use %d MiB%n", before >> 20, withModel >> 20, peakHeap() >> 20);
        }
    }

    private static Dataset load(Path folder, DemoExportGenerator.Spec spec, Algorithm algorithm) throws IOException {
        new DemoExportGenerator(spec).write(folder);
        ExportReader reader = new ExportReader();
        String tenant = reader.readTenants(folder).get(0);
        try {
            return new DatasetAssembler().assemble(reader.readTenant(folder, tenant),
                    DatasetAssembler.Options.of(algorithm));
        } catch (InsufficientDataException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    private static long usedAfterGc() {
        System.gc();
        Runtime rt = Runtime.getRuntime();
        return rt.totalMemory() - rt.freeMemory();
    }

    private static void resetPeaks() {
        HeapPeaks.reset();
    }

    private static long peakHeap() {
        return HeapPeaks.sum();
    }
}
