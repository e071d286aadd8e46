package io.mlservice.service;

import io.mlservice.model.TrainingReport;

/**
 * How one tenant fared in a training cycle.
 *
 * @param message    "trained", or why not (for KEPT: why the previous model still serves)
 * @param report     the new model's report when one was trained (also when it was not swapped in), else null
 * @param modelFile  the model file written when the model was swapped in, else null
 */
public record TenantResult(String tenant, Outcome outcome, String message, int users, int items, int interactions,
                           TrainingReport report, String modelFile, long millis) {

    /** What happened to the tenant's served model. */
    public enum Outcome {
        /** A new model was trained, saved and swapped in. */
        TRAINED,
        /** The previous model keeps serving: the new one failed, fell below the floor, or had too little data. */
        KEPT,
        /** Too little data and no previous model: the tenant answers "not trained". */
        INSUFFICIENT,
        /** Training or saving failed and there was no previous model to keep. */
        FAILED;

        public String id() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }
}
