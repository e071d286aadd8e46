package io.mlservice.service;

import io.mlservice.config.ServiceSettings;
import io.mlservice.history.CycleOutcome;
import io.mlservice.history.CycleTrigger;
import io.mlservice.history.EpochRow;
import io.mlservice.history.FetchRow;
import io.mlservice.history.History;
import io.mlservice.history.TrainSummaryLog;
import io.mlservice.model.EpochStats;
import io.mlservice.model.HyperParameters;
import io.mlservice.model.Metrics;
import io.mlservice.model.TenantTrainer;
import io.mlservice.model.TrainingPhase;
import io.mlservice.service.export.ExportSource;
import io.mlservice.serving.ModelRegistry;
import io.mlservice.totara.Algorithm;
import io.mlservice.totara.ExportLimits;
import io.mlservice.training.ExportTraining;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.function.BooleanSupplier;

/**
 * Runs one training cycle with the settings in force when it starts, and records it: the cycle, its fetches,
 * epochs and tenants in the history and to the listeners as they happen, its end in the history and in
 * {@code train_summary.log}. A failure to record is logged and never fails the cycle.
 */
final class CycleRunner {
    private static final Logger LOG = LoggerFactory.getLogger(CycleRunner.class);

    private final History history;
    private final TrainSummaryLog summaryLog;
    private final ModelRegistry registry;
    private final ServiceListener listeners;
    private final MlService.Tuning tuning;
    private final Clock clock;

    CycleRunner(History history, TrainSummaryLog summaryLog, ModelRegistry registry, ServiceListener listeners,
                MlService.Tuning tuning, Clock clock) {
        this.history = history;
        this.summaryLog = summaryLog;
        this.registry = registry;
        this.listeners = listeners;
        this.tuning = tuning;
        this.clock = clock;
    }

    /**
     * Runs a cycle to its end; what went wrong is in the result, never thrown.
     *
     * @return the cycle without its successor ({@link CycleResult#nextDue()} is null)
     */
    CycleResult run(CycleTrigger trigger, ServiceSettings settings, BooleanSupplier cancelled) {
        Instant started = clock.instant();
        long id = -1;
        try {
            ExportSource source = ExportSource.from(settings, tuning.exportRetryDelays(), clock);
            id = history.startCycle(started, trigger, source.describe());
            listeners.cycleStarted(id, trigger);
            LOG.info("Training cycle {} ({}) started: {} on {} thread(s)", id, trigger.id(), settings.algorithm(),
                    settings.threads());
            TrainingCycle cycle = new TrainingCycle(source, training(settings), registry, settings.modelsDir(),
                    new Journal(id, settings.algorithm()), cancelled, clock);
            TrainingCycle.Summary summary = cycle.run();
            return new CycleResult(id, trigger, started, clock.instant(), summary.outcome(), summary.message(),
                    summary.tenants(), null);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new CycleResult(id, trigger, started, clock.instant(), CycleOutcome.CANCELLED, "interrupted",
                    List.of(), null);
        } catch (RuntimeException e) {
            LOG.error("Training cycle failed unexpectedly", e);
            return new CycleResult(id, trigger, started, clock.instant(), CycleOutcome.FAILED,
                    "unexpected error: " + e, List.of(), null);
        }
    }

    /** Records how the cycle ended, with its successor (none when the service stops). */
    void record(CycleResult cycle, String algorithm) {
        logEnd(cycle);
        try {
            if (cycle.id() >= 0) {
                history.finishCycle(cycle.id(), cycle.finished(), cycle.outcome(), cycle.message());
            }
            summaryLog.append(SummaryRows.of(cycle, algorithm));
        } catch (IOException | RuntimeException e) {
            LOG.warn("Could not record training cycle {}: {}", cycle.id(), e.getMessage());
        }
    }

    private static void logEnd(CycleResult cycle) {
        if (cycle.nextDue() == null) {
            return;
        }
        if (cycle.outcome() == CycleOutcome.FAILED) {
            LOG.warn("Training cycle {} failed ({}); the current models keep serving; retrying at {}",
                    cycle.id(), cycle.message(), cycle.nextDue());
        } else {
            LOG.info("Training cycle {} {}: {}; next at {}", cycle.id(), cycle.outcome().id(), cycle.message(),
                    cycle.nextDue());
        }
    }

    /**
     * The settings' algorithm, threads and export limits; the tuning's fixed configuration instead of the search, if
     * any.
     */
    private ExportTraining training(ServiceSettings settings) {
        return ExportTraining.of(Algorithm.parse(settings.algorithm()),
                TenantTrainer.Options.defaults().withThreads(settings.threads()).withFixed(tuning.fixed()))
                .within(ExportLimits.of(settings));
    }

    /** Writes a cycle's events to the history and passes them to the listeners. */
    private final class Journal implements CycleJournal {
        private final long cycleId;
        private final String algorithm;

        Journal(long cycleId, String algorithm) {
            this.cycleId = cycleId;
            this.algorithm = algorithm;
        }

        @Override
        public void fetched(String file, int httpStatus, long bytes, long millis, String outcome) {
            safely(() -> history.recordFetch(cycleId, new FetchRow(clock.instant().minusMillis(millis), file,
                    httpStatus, bytes, millis, outcome)));
        }

        @Override
        public void phase(String tenant, TrainingPhase phase) {
            listeners.phase(cycleId, tenant, phase);
        }

        @Override
        public void epoch(String tenant, int candidate, HyperParameters hp, EpochStats stats, Metrics heldOut,
                          double fraction) {
            safely(() -> history.recordEpoch(cycleId, EpochRow.of(tenant, candidate, hp, stats, heldOut)));
            listeners.epoch(cycleId, tenant, candidate, hp, stats, heldOut, fraction);
        }

        @Override
        public void tenant(TenantResult result) {
            safely(() -> history.recordTenant(cycleId, SummaryRows.historyRow(result, algorithm)));
            listeners.tenantFinished(cycleId, result);
        }

        private void safely(Runnable write) {
            try {
                write.run();
            } catch (RuntimeException e) {
                LOG.warn("Could not write to the history: {}", e.getMessage());
            }
        }
    }
}
