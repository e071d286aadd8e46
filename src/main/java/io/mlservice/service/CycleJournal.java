package io.mlservice.service;

import io.mlservice.model.TrainingPhase;
import io.mlservice.model.EpochStats;
import io.mlservice.model.HyperParameters;
import io.mlservice.model.Metrics;
import io.mlservice.service.export.ExportSource;

import java.time.Instant;

/** Where a running cycle reports what it does: the history, the summary log and the listeners behind it. */
interface CycleJournal extends ExportSource.FetchJournal {

    void phase(String tenant, TrainingPhase phase);

    /** The cycle obtained an export of this time ({@link io.mlservice.totara.ExportFreshness#exportTime}). */
    void exported(Instant exportTime);

    void epoch(String tenant, int candidate, HyperParameters hp, EpochStats stats, Metrics heldOut, double fraction);

    void tenant(TenantResult result);
}
