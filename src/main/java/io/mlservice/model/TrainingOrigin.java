package io.mlservice.model;

/**
 * How a model came about, as far as the retrain policy needs to know across restarts: a full hyper-parameter search
 * or a warm retrain from the model serving before it, and when the last full search behind it ran and on how many
 * interactions (a full search is its own last one).
 *
 * @param warm                     true for a warm retrain, false for a full search
 * @param fullSearchAtEpochSeconds when the last full search finished (unix seconds)
 * @param fullSearchInteractions   the interactions it was trained on
 */
public record TrainingOrigin(boolean warm, long fullSearchAtEpochSeconds, int fullSearchInteractions) {

    public TrainingOrigin {
        if (fullSearchInteractions < 0) {
            throw new IllegalArgumentException("interactions must not be negative: " + fullSearchInteractions);
        }
    }

    /** A full search that finished then, on that many interactions. */
    public static TrainingOrigin fullSearch(long atEpochSeconds, int interactions) {
        return new TrainingOrigin(false, atEpochSeconds, interactions);
    }

    /** A warm retrain that started from a model whose last full search this was. */
    public static TrainingOrigin warmFrom(TrainingOrigin serving) {
        return new TrainingOrigin(true, serving.fullSearchAtEpochSeconds, serving.fullSearchInteractions);
    }

    /** {@code full search} or {@code warm retrain}, as logs and tables say it. */
    public String describe() {
        return warm ? "warm retrain" : "full search";
    }
}
