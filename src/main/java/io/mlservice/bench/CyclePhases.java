package io.mlservice.bench;

import io.mlservice.model.EpochStats;
import io.mlservice.model.HyperParameters;
import io.mlservice.model.Metrics;
import io.mlservice.model.TrainingListener;
import io.mlservice.model.TrainingPhase;

import java.io.PrintStream;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;

/**
 * Clocks a training cycle's phases as the trainer announces them (the bench announces reading and saving itself),
 * with the heap pools' peak within each phase, and prints a line per epoch so that a long run shows how far it got.
 * A phase entered again (the trainer's own {@link TrainingPhase#PREPARE} after the bench's) adds to its time.
 */
final class CyclePhases implements TrainingListener {
    private final String label;
    private final PrintStream progress;
    private final Map<TrainingPhase, Long> nanos = new EnumMap<>(TrainingPhase.class);
    private final Map<TrainingPhase, Long> peaks = new EnumMap<>(TrainingPhase.class);
    private TrainingPhase current;
    private long since;

    CyclePhases(String label, PrintStream progress) {
        this.label = label;
        this.progress = progress;
    }

    @Override
    public void phase(TrainingPhase next) {
        finishCurrent();
        current = next;
        since = System.nanoTime();
        HeapPeaks.reset();
        progress.printf(Locale.ROOT, "  [%s] %s%n", label, next.label());
    }

    /** Ends the phase under way. */
    void end() {
        finishCurrent();
        current = null;
    }

    @Override
    public void epoch(int candidate, HyperParameters hp, EpochStats stats, Metrics heldOut, double fraction) {
        progress.printf(Locale.ROOT, "  [%s] %s, epoch %d: %.1f s%s (%.0f%% done; heap pools' peak in this phase "
                        + "so far %,d MiB)%n", label,
                candidate < 0 ? "final fit" : "candidate " + candidate + " (" + hp.describe() + ")", stats.epoch(),
                stats.epochNanos() / 1e9, Double.isNaN(heldOut.auc()) ? ""
                        : String.format(Locale.ROOT, ", validation AUC %.4f, p@10 %.4f", heldOut.auc(),
                        heldOut.precision()), 100 * fraction, HeapPeaks.sum() >> 20);
    }

    Duration time(TrainingPhase phase) {
        return Duration.ofNanos(nanos.getOrDefault(phase, 0L));
    }

    /** The heap pools' peak while the phase ran (the highest of its runs). */
    long peak(TrainingPhase phase) {
        return peaks.getOrDefault(phase, 0L);
    }

    private void finishCurrent() {
        if (current != null) {
            nanos.merge(current, System.nanoTime() - since, Long::sum);
            peaks.merge(current, HeapPeaks.sum(), Math::max);
        }
    }
}
