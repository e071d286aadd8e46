package io.mlservice.bench;

import io.mlservice.model.ModelFile;
import io.mlservice.model.ModelFolder;
import io.mlservice.model.ModelStamp;
import io.mlservice.model.TenantModel;
import io.mlservice.model.TenantTrainer;
import io.mlservice.model.TrainingListener;
import io.mlservice.model.TrainingPhase;
import io.mlservice.model.TrainingReport;
import io.mlservice.totara.Algorithm;
import io.mlservice.totara.demo.DemoExportGenerator;
import io.mlservice.training.ExportTraining;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * One whole training cycle on a demo export, the way the service runs it: the export written to a folder, read,
 * assembled, searched, evaluated and fitted through {@link ExportTraining}, and the model saved into a
 * {@link ModelFolder}; then {@code /user-items} on the model read back from its file. Heap is measured from the
 * first read to the saved file; writing the export is outside the cycle. The cycle trains the site as it stood a
 * night earlier (the demo export without its newest {@link #NIGHTLY_SHARE}); the warm retrain then starts from
 * that saved model on the whole export, as the next night's cycle would.
 */
final class CycleBench {
    /** The share of interactions one night adds: the newest rows, and the users and items only they bring. */
    static final double NIGHTLY_SHARE = 0.03;

    private final Path work;
    private final int threads;
    private final int latencyUsers;
    private final long seed;
    private final PrintStream progress;
    private final Clock clock = Clock.systemUTC();

    /**
     * @param work         a folder for the exports and model folders (each size's is deleted after its row)
     * @param latencyUsers seeded users asked for {@code /user-items}
     * @param progress     where phase and epoch lines go while a size runs
     */
    CycleBench(Path work, int threads, int latencyUsers, long seed, PrintStream progress) {
        this.work = work;
        this.threads = threads;
        this.latencyUsers = latencyUsers;
        this.seed = seed;
        this.progress = progress;
    }

    CycleRow run(String size, DemoExportGenerator.Spec spec) throws IOException {
        Path folder = work.resolve(size);
        try {
            return measure(size, spec, folder);
        } finally {
            Folders.deleteTree(folder);
        }
    }

    private CycleRow measure(String size, DemoExportGenerator.Spec spec, Path folder) throws IOException {
        Path export = folder.resolve("export");
        Path nextNight = folder.resolve("next-night");
        long written = System.nanoTime();
        new DemoExportGenerator(spec).write(export, NIGHTLY_SHARE);
        new DemoExportGenerator(spec).write(nextNight);
        progress.printf(Locale.ROOT, "  [%s] demo export written in %s%n", size,
                CycleRow.time(Duration.ofNanos(System.nanoTime() - written)));

        System.gc();
        CyclePhases phases = new CyclePhases(size, progress);
        ExportTraining.TenantTraining outcome;
        Path file;
        long peakAfterGc;
        long started;
        try (HeapAfterGc afterGc = new HeapAfterGc()) {
            afterGc.takeHighest();
            started = System.nanoTime();
            phases.phase(TrainingPhase.PREPARE);
            ExportTraining training = ExportTraining.of(Algorithm.HYBRID,
                    TenantTrainer.Options.defaults().withThreads(threads).withSeed(seed));
            List<ExportTraining.Prepared> prepared = training.prepareAll(export);
            if (prepared.size() != 1) {
                throw new IllegalStateException("a demo export of one tenant has " + prepared.size());
            }
            outcome = training.train(prepared.get(0), phases);
            if (!outcome.trained()) {
                throw new IllegalStateException("tenant " + outcome.tenant() + " not trained: " + outcome.message());
            }
            phases.phase(TrainingPhase.SAVE);
            file = new ModelFolder(folder.resolve("models"), clock).save(List.of(outcome.model()),
                    ModelStamp.single(clock.instant(), export.toAbsolutePath().toString()));
            phases.end();
            peakAfterGc = afterGc.takeHighest();
        }
        Duration cycle = Duration.ofNanos(System.nanoTime() - started);
        long peak = 0;
        for (TrainingPhase p : TrainingPhase.values()) {
            peak = Math.max(peak, phases.peak(p));
        }
        progress.printf(Locale.ROOT, "  [%s] heap pools' peak by phase: prepare %,d MiB, search %,d MiB, "
                        + "evaluate %,d MiB, final fit %,d MiB, save %,d MiB%n", size,
                phases.peak(TrainingPhase.PREPARE) >> 20, phases.peak(TrainingPhase.SEARCH) >> 20,
                phases.peak(TrainingPhase.EVALUATE) >> 20, phases.peak(TrainingPhase.FINAL_FIT) >> 20,
                phases.peak(TrainingPhase.SAVE) >> 20);
        TrainingReport report = outcome.model().report();
        int users = outcome.users();
        int items = outcome.items();
        int interactions = outcome.interactions();
        outcome = null; // the served model is the one read back from its file, as the service reads it
        TenantModel served = ModelFile.read(file).get(0);
        UserItemsLatency latency = UserItemsLatency.measure(served, latencyUsers, seed);
        Optional<Duration> warm = warmRetrain(size, nextNight, served);
        return new CycleRow(size, users, items, interactions,
                phases.time(TrainingPhase.PREPARE), phases.time(TrainingPhase.SEARCH),
                phases.time(TrainingPhase.EVALUATE), phases.time(TrainingPhase.FINAL_FIT),
                phases.time(TrainingPhase.SAVE), cycle, warm, peak, peakAfterGc, HeapPeaks.max(), Files.size(file),
                latency, report.heldOut().precision(), report.ease().precision(), report.chosen().describe());
    }

    /**
     * The next night's cycle: {@code nextNight} read, assembled and retrained from {@code serving} as the service
     * would (a warm retrain when the policy allows and the result holds up). Empty, with a line saying why, when
     * the cycle ran a full search instead.
     */
    Optional<Duration> warmRetrain(String size, Path nextNight, TenantModel serving) throws IOException {
        long started = System.nanoTime();
        ExportTraining training = ExportTraining.of(Algorithm.HYBRID,
                TenantTrainer.Options.defaults().withThreads(threads).withSeed(seed));
        ExportTraining.TenantTraining retrained = training.train(training.prepareAll(nextNight).get(0),
                TrainingListener.NONE, serving);
        Duration took = Duration.ofNanos(System.nanoTime() - started);
        TrainingReport report = retrained.model().report();
        progress.printf(Locale.ROOT, "  [%s] next night (%,d interactions): %s in %s, epochs %d, new pairs %s%n", size,
                retrained.interactions(), report.origin().warm() ? "warm retrain" : "full search", CycleRow.time(took),
                report.searchEpochs(), report.heldOut().describe());
        return report.origin().warm() ? Optional.of(took) : Optional.empty();
    }
}
