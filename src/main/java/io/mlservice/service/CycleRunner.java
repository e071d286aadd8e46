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
import io.mlservice.model.ModelFolder;
import io.mlservice.model.TenantTrainer;
import io.mlservice.model.TrainingPhase;
import io.mlservice.service.export.ExportSource;
import io.mlservice.serving.ModelRegistry;
import io.mlservice.totara.Algorithm;
import io.mlservice.totara.ExportLimits;
import io.mlservice.training.ExportTraining;
import io.mlservice.training.RetrainPolicy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
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
    private final AtomicReference<Instant> lastExport;

    CycleRunner(History history, TrainSummaryLog summaryLog, ModelRegistry registry, ServiceListener listeners,
                MlService.Tuning tuning, Clock clock) {
        this.history = history;
        this.summaryLog = summaryLog;
        this.registry = registry;
        this.listeners = listeners;
        this.tuning = tuning;
        this.clock = clock;
        this.lastExport = new AtomicReference<>(history.lastExportTime().orElse(null));
    }

    /** The time of the export the newest cycle obtained, this run of the service or an earlier one. */
    Optional<Instant> lastExport() {
        return Optional.ofNullable(lastExport.get());
    }

    /**
     * Runs a cycle to its end; what went wrong is in the result, never thrown: any {@link Throwable} (an
     * {@link Error} such as running out of memory or stack included) ends the cycle as failed.
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
            TrainingCycle cycle = new TrainingCycle(source, training(settings), registry,
                    new ModelFolder(settings.modelsDir(), clock), new Journal(id, started, settings.algorithm()),
                    cancelled, clock);
            TrainingCycle.Summary summary = cycle.run();
            return new CycleResult(id, trigger, started, clock.instant(), summary.outcome(), summary.message(),
                    summary.tenants(), null);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new CycleResult(id, trigger, started, clock.instant(), CycleOutcome.CANCELLED, "interrupted",
                    List.of(), null);
        } catch (OutOfMemoryError e) {
            String message = OutOfMemoryAdvice.of("running training cycle " + id, null);
            LOG.error("Training cycle {} failed: {}", id, message, e);
            return new CycleResult(id, trigger, started, clock.instant(), CycleOutcome.FAILED, message, List.of(),
                    null);
        } catch (Throwable e) {
            LOG.error("Training cycle {} failed unexpectedly ({}); {}. If it happens again, report it with this "
                    + "log", id, e, ServingSummary.of(registry.snapshot()), e);
            return new CycleResult(id, trigger, started, clock.instant(), CycleOutcome.FAILED,
                    "unexpected error: " + e, List.of(), null);
        }
    }

    /**
     * Records how the cycle ended, with its successor (none when the service stops): the history's row, the
     * closing row of {@code train_summary.log} (the tenants' rows were written as they finished) and the log line.
     * A failure to record is logged and goes no further; so is an interrupt (the service stopping), which must not
     * keep the end of the cycle from its files.
     */
    void record(CycleResult cycle, String algorithm) {
        logEnd(cycle);
        boolean interrupted = Thread.interrupted();
        try {
            if (cycle.id() >= 0) {
                history.finishCycle(cycle.id(), cycle.finished(), cycle.outcome(), cycle.message());
            }
            List<TrainSummaryLog.Row> closing = SummaryRows.closing(cycle, algorithm);
            if (!closing.isEmpty()) {
                summaryLog.append(closing);
            }
        } catch (Exception | Error e) {
            LOG.error("Could not record the end of training cycle {} ({}): {}", cycle.id(), cycle.outcome().id(),
                    e.toString());
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private void logEnd(CycleResult cycle) {
        if (cycle.nextDue() == null) {
            LOG.warn("Training cycle {} {} as the service stopped: {}; {}", cycle.id(), cycle.outcome().id(),
                    cycle.message(), stoppedServing());
            return;
        }
        if (cycle.outcome() == CycleOutcome.FAILED) {
            LOG.warn("Training cycle {} failed ({}); {}; retrying at {}",
                    cycle.id(), cycle.message(), ServingSummary.of(registry.snapshot()), cycle.nextDue());
        } else {
            LOG.info("Training cycle {} {}: {}; next at {}", cycle.id(), cycle.outcome().id(), cycle.message(),
                    cycle.nextDue());
        }
    }

    private String stoppedServing() {
        boolean anyTrained = registry.snapshot().tenants().values().stream().anyMatch(ModelRegistry.Entry::trained);
        return anyTrained ? "the models saved so far serve after the next start"
                : "no model was saved: the next start trains at once";
    }

    /**
     * The settings' algorithm, threads and export limits; the tuning's fixed configuration instead of the search, if
     * any.
     */
    private ExportTraining training(ServiceSettings settings) {
        return ExportTraining.of(Algorithm.parse(settings.algorithm()),
                TenantTrainer.Options.defaults().withThreads(settings.threads()).withFixed(tuning.fixed()))
                .within(ExportLimits.of(settings))
                .withRetrainPolicy(new RetrainPolicy(Duration.ofDays(settings.fullSearchDays()),
                        settings.fullSearchGrowthPercent() / 100.0))
                .withClock(clock);
    }

    /** Writes a cycle's events to the history and passes them to the listeners. */
    private final class Journal implements CycleJournal {
        private final long cycleId;
        private final Instant started;
        private final String algorithm;

        Journal(long cycleId, Instant started, String algorithm) {
            this.cycleId = cycleId;
            this.started = started;
            this.algorithm = algorithm;
        }

        @Override
        public void fetched(String file, int httpStatus, long bytes, long millis, String outcome) {
            safely(() -> history.recordFetch(cycleId, new FetchRow(clock.instant().minusMillis(millis), file,
                    httpStatus, bytes, millis, outcome)));
            listeners.exportFetched(cycleId, file, httpStatus, bytes, millis);
        }

        @Override
        public void exported(Instant exportTime) {
            lastExport.set(exportTime);
            safely(() -> history.recordExportTime(cycleId, exportTime));
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
            try {
                summaryLog.append(List.of(SummaryRows.tenantRow(started, result, algorithm)));
            } catch (IOException | RuntimeException e) {
                LOG.warn("Could not write tenant {} to {}: {}", result.tenant(), TrainSummaryLog.FILE_NAME,
                        e.getMessage());
            }
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
