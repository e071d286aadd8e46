package io.mlservice.history;

import io.mlservice.model.EpochStats;
import io.mlservice.model.HyperParameters;
import io.mlservice.model.LearningSchedule;
import io.mlservice.model.Metrics;

import java.util.Locale;
import java.util.Objects;

/**
 * One training epoch of one tenant, for the console's learning curves. Metrics are NaN when the epoch was not
 * scored.
 *
 * @param candidate     which configuration trained, e.g. {@code candidate 2 (adagrad 0.1, k=64)} or
 *                      {@code final fit (adagrad 0.1, k=64)}
 * @param epoch         1-based epoch number within that configuration's run
 * @param meanLoss      the WARP loss averaged over the epoch's samples
 * @param elapsedMillis wall time of that configuration's run so far
 */
public record EpochRow(String tenant, String candidate, int epoch, double meanLoss, double auc, double precision10,
                       double recall10, long elapsedMillis) {

    public EpochRow {
        Objects.requireNonNull(tenant, "tenant");
        Objects.requireNonNull(candidate, "candidate");
    }

    /**
     * The row for what {@link io.mlservice.model.TrainingListener#epoch} reports.
     *
     * @param candidate the search's 0-based candidate, or -1 for the final fit
     */
    public static EpochRow of(String tenant, int candidate, HyperParameters hp, EpochStats stats, Metrics heldOut) {
        return new EpochRow(tenant, candidateLabel(candidate, hp), stats.epoch(), stats.meanLoss(), heldOut.auc(),
                heldOut.precision(), heldOut.recall(), stats.elapsedNanos() / 1_000_000);
    }

    /** Names a configuration without its epoch count, which is the same across all its rows. */
    static String candidateLabel(int candidate, HyperParameters hp) {
        String run = candidate < 0 ? "final fit" : "candidate " + (candidate + 1);
        String schedule = hp.schedule() == LearningSchedule.ADAGRAD
                ? "adagrad " + hp.learningRate()
                : "adadelta";
        return String.format(Locale.ROOT, "%s (%s, k=%d)", run, schedule, hp.components());
    }
}
