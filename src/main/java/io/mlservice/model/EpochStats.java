package io.mlservice.model;

/**
 * What one training epoch did, for progress displays and logs.
 *
 * @param epoch          1-based epoch number within the run
 * @param samples        positive interactions visited
 * @param updates        of those, how many found a violating negative and updated the model
 * @param meanLoss       the WARP loss applied, averaged over the visited positives
 * @param epochNanos     wall time of this epoch
 * @param elapsedNanos   wall time of the run so far
 */
public record EpochStats(int epoch, long samples, long updates, double meanLoss, long epochNanos, long elapsedNanos) {

    /** Positive samples per second in this epoch. */
    public double samplesPerSecond() {
        return epochNanos == 0 ? 0 : samples * 1e9 / epochNanos;
    }
}
