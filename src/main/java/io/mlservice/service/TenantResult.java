package io.mlservice.service;

import io.mlservice.history.TenantOutcome;
import io.mlservice.model.TrainingReport;

/**
 * How one tenant fared in a training cycle.
 *
 * @param message    "trained", or why not (for KEPT: why the previous model still serves)
 * @param report     the new model's report when one was trained (also when it was not swapped in), else null
 * @param modelFile  the model file written when the model was swapped in, else null
 */
public record TenantResult(String tenant, TenantOutcome outcome, String message, int users, int items, int interactions,
                           TrainingReport report, String modelFile, long millis) {
}
