package io.mlservice.service;

import io.mlservice.history.TenantOutcome;
import io.mlservice.history.CycleOutcome;
import io.mlservice.model.TrainingPhase;
import io.mlservice.model.EpochStats;
import io.mlservice.model.HyperParameters;
import io.mlservice.model.Metrics;
import io.mlservice.model.ModelFolder;
import io.mlservice.model.ModelStamp;
import io.mlservice.model.TenantModel;
import io.mlservice.model.TrainingListener;
import io.mlservice.service.export.ExportSource;
import io.mlservice.serving.ModelRegistry;
import io.mlservice.totara.ExportFreshness;
import io.mlservice.training.ExportTraining;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.function.BooleanSupplier;

/**
 * One training cycle: obtain the export, read and check all of it, then per tenant train, check the new model
 * against a sanity floor, save the served set and swap the tenant's model in. Anything that goes wrong keeps the
 * model that was serving; requests never wait for any of it.
 */
final class TrainingCycle {
    private static final Logger LOG = LoggerFactory.getLogger(TrainingCycle.class);

    /**
     * A new model must rank held-out interactions clearly better than chance (AUC 0.5) to replace anything: a
     * model below it is broken data or a failed fit, and the previous one stays.
     */
    static final double MIN_AUC = 0.55;

    private final ExportSource source;
    private final ExportTraining training;
    private final ModelRegistry registry;
    private final ModelFolder models;
    private final CycleJournal journal;
    private final BooleanSupplier cancelled;
    private final Clock clock;
    private Instant started;

    TrainingCycle(ExportSource source, ExportTraining training, ModelRegistry registry, ModelFolder models,
                  CycleJournal journal, BooleanSupplier cancelled, Clock clock) {
        this.source = source;
        this.training = training;
        this.registry = registry;
        this.models = models;
        this.journal = journal;
        this.cancelled = cancelled;
        this.clock = clock;
    }

    /** What the cycle did, without its identity and schedule (the caller adds those). */
    record Summary(CycleOutcome outcome, String message, List<TenantResult> tenants) {
    }

    /**
     * Runs the cycle. Failures to obtain or read the export (running out of memory included) are the summary's;
     * any other {@link Throwable} outside a tenant's training is thrown to the caller, which records it.
     */
    Summary run() throws InterruptedException {
        started = clock.instant();
        try {
            return runExpectingTenants();
        } finally {
            registry.settle();
        }
    }

    private Summary runExpectingTenants() throws InterruptedException {
        List<ExportTraining.Prepared> prepared;
        Path folder = null;
        try {
            journal.phase(null, TrainingPhase.FETCH);
            folder = source.obtain(journal);
            ExportFreshness.exportTime(folder).ifPresent(journal::exported);
            if (cancelled.getAsBoolean()) {
                return new Summary(CycleOutcome.CANCELLED, "cancelled before training", List.of());
            }
            registry.expect(training.tenants(folder));
            journal.phase(null, TrainingPhase.PREPARE);
            prepared = training.prepareAll(folder);
        } catch (IOException | UncheckedIOException e) {
            return failed(e.getMessage());
        } catch (OutOfMemoryError e) {
            String doing = folder == null ? "obtaining the export" : "reading the export";
            String message = OutOfMemoryAdvice.of(doing, folder);
            LOG.error("Training cycle: {}", message);
            return failed(message);
        }
        dropTenantsNoLongerExported(prepared);
        List<TenantResult> results = new ArrayList<>();
        for (ExportTraining.Prepared tenant : prepared) {
            if (cancelled.getAsBoolean()) {
                return new Summary(CycleOutcome.CANCELLED, cancelledMessage(results.size(), prepared.size()),
                        results);
            }
            try {
                TenantResult result = trainOne(tenant);
                registry.tried(tenant.tenant());
                results.add(result);
                journal.tenant(result);
            } catch (CancellationException e) {
                return new Summary(CycleOutcome.CANCELLED, cancelledMessage(results.size(), prepared.size()),
                        results);
            }
        }
        return summarise(results);
    }

    private Summary failed(String message) {
        LOG.warn("Training cycle failed, {}: {}", ServingSummary.of(registry.snapshot()), message);
        return new Summary(CycleOutcome.FAILED, message, List.of());
    }

    private TenantResult trainOne(ExportTraining.Prepared tenant) {
        String t = tenant.tenant();
        Optional<ModelRegistry.Entry> serving = registry.snapshot().tenant(t).filter(ModelRegistry.Entry::trained);
        ExportTraining.TenantTraining outcome;
        try {
            outcome = training.train(tenant, listenerFor(t), serving.map(ModelRegistry.Entry::model).orElse(null));
        } catch (CancellationException e) {
            throw e;
        } catch (OutOfMemoryError e) {
            String message = OutOfMemoryAdvice.of("training tenant " + t, null);
            LOG.error("Tenant {}: training failed: {}", t, message);
            return keptOrFailed(t, serving, "training failed: " + message, null, 0, 0, 0, 0);
        } catch (RuntimeException | Error e) {
            LOG.error("Tenant {}: training failed", t, e);
            return keptOrFailed(t, serving, "training failed: " + e, null, 0, 0, 0, 0);
        }
        if (!outcome.trained()) {
            if (serving.isPresent()) {
                return keptOrFailed(t, serving, outcome.message(), null, outcome.users(), outcome.items(),
                        outcome.interactions(), outcome.millis());
            }
            registry.swap(ModelRegistry.Entry.untrained(t, outcome.message(), clock.instant()));
            return new TenantResult(t, TenantOutcome.INSUFFICIENT, outcome.message(), outcome.users(),
                    outcome.items(), outcome.interactions(), null, null, outcome.millis());
        }
        TenantModel model = outcome.model();
        double auc = model.report().heldOut().auc();
        if (auc < MIN_AUC) {
            String why = String.format(Locale.ROOT,
                    "the new model's held-out AUC %.4f is below the floor %.2f", auc, MIN_AUC);
            LOG.warn("Tenant {}: {}", t, why);
            return keptOrFailed(t, serving, why, model, outcome.users(), outcome.items(), outcome.interactions(),
                    outcome.millis());
        }
        journal.phase(t, TrainingPhase.SAVE);
        Path file;
        try {
            file = saveWith(model);
        } catch (IOException e) {
            LOG.error("Tenant {}: could not save the model: {}", t, e.getMessage());
            return keptOrFailed(t, serving, "could not save the model: " + e.getMessage(), model, outcome.users(),
                    outcome.items(), outcome.interactions(), outcome.millis());
        }
        journal.phase(t, TrainingPhase.SWAP);
        registry.swap(ModelRegistry.Entry.trained(model, clock.instant()));
        LOG.info("Tenant {}: new model serving ({})", t, model.report().heldOut().describe());
        return new TenantResult(t, TenantOutcome.TRAINED, "trained", outcome.users(), outcome.items(),
                outcome.interactions(), model.report(), file.getFileName().toString(), outcome.millis());
    }

    private static TenantResult keptOrFailed(String tenant, Optional<ModelRegistry.Entry> serving, String why,
                                             TenantModel rejected, int users, int items, int interactions,
                                             long millis) {
        var report = rejected == null ? null : rejected.report();
        if (serving.isPresent()) {
            return new TenantResult(tenant, TenantOutcome.KEPT, why, users,
                    items, interactions, report, null, millis);
        }
        return new TenantResult(tenant, TenantOutcome.FAILED, why, users, items, interactions, report, null,
                millis);
    }

    /**
     * Saves every served model with this tenant's new one in place of its old one, as a file of this cycle: each
     * such file is the whole served set of its moment, so the cycle's newest file is its state so far.
     */
    private Path saveWith(TenantModel model) throws IOException {
        List<TenantModel> served = new ArrayList<>();
        for (TenantModel m : registry.snapshot().models()) {
            if (!m.tenant().equals(model.tenant())) {
                served.add(m);
            }
        }
        served.add(model);
        return models.save(served, new ModelStamp(clock.instant(), started, source.origin()));
    }

    private void dropTenantsNoLongerExported(List<ExportTraining.Prepared> prepared) {
        Set<String> exported = new HashSet<>();
        prepared.forEach(p -> exported.add(p.tenant()));
        for (String t : registry.snapshot().tenants().keySet()) {
            if (!exported.contains(t)) {
                LOG.info("Tenant {} is no longer in the export; it is no longer served", t);
                registry.remove(t);
            }
        }
    }

    private TrainingListener listenerFor(String tenant) {
        return new TrainingListener() {
            @Override
            public boolean cancelRequested() {
                return cancelled.getAsBoolean();
            }

            @Override
            public void phase(TrainingPhase phase) {
                journal.phase(tenant, phase);
            }

            @Override
            public void epoch(int candidate, HyperParameters hp, EpochStats stats, Metrics heldOut, double fraction) {
                journal.epoch(tenant, candidate, hp, stats, heldOut, fraction);
            }
        };
    }

    private static Summary summarise(List<TenantResult> results) {
        long trained = results.stream().filter(r -> r.outcome() == TenantOutcome.TRAINED).count();
        long kept = results.stream().filter(r -> r.outcome() == TenantOutcome.KEPT).count();
        long failed = results.stream().filter(r -> r.outcome() == TenantOutcome.FAILED).count();
        long insufficient = results.stream().filter(r -> r.outcome() == TenantOutcome.INSUFFICIENT).count();
        String message = trained + " trained, " + kept + " kept the previous model, " + insufficient
                + " with too little data, " + failed + " failed";
        CycleOutcome outcome;
        if (kept + failed == 0) {
            outcome = CycleOutcome.OK;
        } else if (trained + insufficient == 0) {
            outcome = CycleOutcome.FAILED;
        } else {
            outcome = CycleOutcome.PARTIAL;
        }
        return new Summary(outcome, message, results);
    }

    private static String cancelledMessage(int done, int total) {
        return "cancelled after " + done + " of " + total + " tenants";
    }
}
