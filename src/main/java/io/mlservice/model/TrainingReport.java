package io.mlservice.model;

import java.util.Objects;

/**
 * How a tenant's model came about and how well it ranks held-out interactions, next to the popularity baseline and
 * EASE^R measured on the same split.
 *
 * @param algorithm      {@code mf}, {@code partial} or {@code hybrid}
 * @param chosen         the hyper-parameters of the saved model
 * @param heldOut        the model's held-out metrics (trained on the 80% part, scored on the 20%)
 * @param popularity     the popularity baseline on the same split
 * @param ease           EASE^R on the same split, its penalty chosen inside the training part
 *                       ({@link Metrics#NONE} when it was skipped or not measured)
 * @param searchEpochs   epochs trained while searching (the work spent, in epochs)
 * @param searchCandidates candidate configurations tried
 * @param trainedAtEpochSeconds when training finished (unix seconds)
 * @param trainingMillis wall time of the whole search and final fit
 * @param origin         a full search or a warm retrain, and the last full search behind it
 */
public record TrainingReport(
        String algorithm,
        HyperParameters chosen,
        Metrics heldOut,
        Metrics popularity,
        Metrics ease,
        int searchEpochs,
        int searchCandidates,
        long trainedAtEpochSeconds,
        long trainingMillis,
        TrainingOrigin origin) {

    public TrainingReport {
        Objects.requireNonNull(origin, "origin");
    }

    /**
     * A full search's report: its own last full search, finished at {@code trainedAtEpochSeconds}; the count of
     * interactions is for the caller to set ({@link #withOrigin}), 0 until then.
     */
    public TrainingReport(String algorithm, HyperParameters chosen, Metrics heldOut, Metrics popularity,
                          Metrics ease, int searchEpochs, int searchCandidates, long trainedAtEpochSeconds,
                          long trainingMillis) {
        this(algorithm, chosen, heldOut, popularity, ease, searchEpochs, searchCandidates, trainedAtEpochSeconds,
                trainingMillis, TrainingOrigin.fullSearch(trainedAtEpochSeconds, 0));
    }

    /** A report without an EASE^R measurement (as model files of format 1 hold). */
    public TrainingReport(String algorithm, HyperParameters chosen, Metrics heldOut, Metrics popularity,
                          int searchEpochs, int searchCandidates, long trainedAtEpochSeconds, long trainingMillis) {
        this(algorithm, chosen, heldOut, popularity, Metrics.NONE, searchEpochs, searchCandidates,
                trainedAtEpochSeconds, trainingMillis);
    }

    /** The same report with another origin. */
    public TrainingReport withOrigin(TrainingOrigin value) {
        return new TrainingReport(algorithm, chosen, heldOut, popularity, ease, searchEpochs, searchCandidates,
                trainedAtEpochSeconds, trainingMillis, value);
    }
}
