package io.mlservice.service;

import io.mlservice.history.CycleTrigger;
import io.mlservice.model.TrainingPhase;
import io.mlservice.model.EpochStats;
import io.mlservice.model.HyperParameters;
import io.mlservice.model.Metrics;

/**
 * Receives what the running service does, as it happens: the console's live views and tests listen here. Called
 * on the service's own threads (training, housekeeping); implementations hand work to their own thread and return.
 */
public interface ServiceListener {

    /** A training cycle began. */
    default void cycleStarted(long cycleId, CycleTrigger trigger) {
    }

    /**
     * A cycle entered a phase: {@code FETCH}, {@code PREPARE} for all tenants ({@code tenant} is {@code null}),
     * then per tenant {@code PREPARE}, {@code SEARCH}, {@code EVALUATE}, {@code FINAL_FIT}, {@code SAVE},
     * {@code SWAP}.
     */
    default void phase(long cycleId, String tenant, TrainingPhase phase) {
    }

    /** A training epoch of a tenant finished; {@code fraction} is the tenant's progress 0..1. */
    default void epoch(long cycleId, String tenant, int candidate, HyperParameters hp, EpochStats stats,
                       Metrics heldOut, double fraction) {
    }

    /**
     * One request for an export file ended, as the history's fetches record it.
     *
     * @param httpStatus Totara's answer, 0 when there was none
     * @param bytes      the file's size when downloaded (status 200)
     */
    default void exportFetched(long cycleId, String file, int httpStatus, long bytes, long millis) {
    }

    /** A tenant's part of the cycle ended (trained and swapped in, kept the old model, or failed). */
    default void tenantFinished(long cycleId, TenantResult result) {
    }

    /**
     * A check for a new export ({@code ML_EXPORT_POLL_MINUTES}) got an answer: {@code newer} when it found an
     * export newer than the last cycle's (a cycle then starts unless one runs or is due).
     */
    default void exportChecked(boolean newer) {
    }

    /** The cycle ended; the next one is due at {@code result.nextDue()}. */
    default void cycleFinished(CycleResult result) {
    }
}
