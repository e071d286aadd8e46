package io.mlservice.model;

/** Receives a training's progress as it happens; called on the training thread, so keep it quick. */
public interface TrainingListener {

    TrainingListener NONE = new TrainingListener() {
    };

    /**
     * Polled while training (between epochs and every few thousand samples); answering true ends the training
     * with a {@link java.util.concurrent.CancellationException}. Called from training threads.
     */
    default boolean cancelRequested() {
        return false;
    }

    /** A new phase of the training began. */
    default void phase(TrainingPhase phase) {
    }

    /**
     * An epoch finished.
     *
     * @param candidate  which configuration (0-based) of the search, or -1 for the final fit
     * @param heldOut    its held-out quality after this epoch, or {@link Metrics#NONE} when not scored
     * @param fraction   how much of the whole training is done, 0..1 (an estimate)
     */
    default void epoch(int candidate, HyperParameters hp, EpochStats stats, Metrics heldOut, double fraction) {
    }
}
