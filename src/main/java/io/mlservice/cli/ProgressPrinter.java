package io.mlservice.cli;

import io.mlservice.model.TrainingPhase;
import io.mlservice.model.EpochStats;
import io.mlservice.model.HyperParameters;
import io.mlservice.model.Metrics;
import io.mlservice.model.TrainingListener;

import java.io.PrintStream;
import java.util.Locale;

/** Prints a tenant's training progress, one line per epoch, for the command line. */
final class ProgressPrinter implements TrainingListener {
    private final String tenant;
    private final PrintStream out;

    ProgressPrinter(String tenant, PrintStream out) {
        this.tenant = tenant;
        this.out = out;
    }

    @Override
    public void phase(TrainingPhase phase) {
        out.printf("tenant %s: %s%n", tenant, phase.label());
    }

    @Override
    public void epoch(int candidate, HyperParameters hp, EpochStats stats, Metrics heldOut, double fraction) {
        String who = candidate < 0 ? "final" : "candidate " + candidate;
        String quality = Double.isNaN(heldOut.auc()) ? ""
                : String.format(Locale.ROOT, "  AUC %.4f  p@10 %.4f", heldOut.auc(), heldOut.precision());
        out.printf(Locale.ROOT, "  [%3.0f%%] %s %s epoch %d: loss %.4f, %.0f samples/s%s%n", fraction * 100,
                who, shortName(hp), stats.epoch(), stats.meanLoss(), stats.samplesPerSecond(), quality);
    }

    private static String shortName(HyperParameters hp) {
        return hp.schedule().name().toLowerCase(Locale.ROOT) + " k=" + hp.components();
    }
}
