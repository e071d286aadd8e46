package io.mlservice.console.training;

import io.mlservice.model.TrainingPhase;

import java.util.List;
import java.util.Optional;

/** Where the live cycle is, as the Training page's step line shows it: fetch, prepare, train, then ended. */
public enum CycleStep {
    /** Started; no phase reported yet. */
    STARTING("starting"),
    FETCH("fetch"),
    PREPARE("prepare"),
    /** The tenants train, one after the other. */
    TRAIN("train"),
    /** Finished: the cycle's outcome says how. */
    ENDED("ended");

    /** The steps the page draws, in order. */
    public static final List<CycleStep> SHOWN = List.of(FETCH, PREPARE, TRAIN);

    private final String label;

    CycleStep(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }

    /** The step of a cycle-wide phase (fetching or preparing the whole export). */
    static Optional<CycleStep> of(TrainingPhase phase) {
        return switch (phase) {
            case FETCH -> Optional.of(FETCH);
            case PREPARE -> Optional.of(PREPARE);
            default -> Optional.empty();
        };
    }
}
