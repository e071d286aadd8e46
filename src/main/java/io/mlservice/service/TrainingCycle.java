package io.mlservice.service;

import io.mlservice.history.TenantOutcome;
import io.mlservice.history.CycleOutcome;
import io.mlservice.model.TrainingPhase;
import io.mlservice.model.EpochStats;
import io.mlservice.model.HyperParameters;
import io.mlservice.model.Metrics;
import io.mlservice.model.ModelFile;
import io.mlservice.model.TenantModel;
import io.mlservice.model.TrainingListener;
import io.mlservice.service.export.ExportSource;
import io.mlservice.serving.ModelRegistry;
import io.mlservice.training.ExportTraining;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
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
    /** Model files kept in the models folder; older ones are deleted after a successful save. */
    static final int MODEL_FILES_KEPT = 3;

    private final ExportSource source;
    private final ExportTraining training;
    private final ModelRegistry registry;
    private final Path modelsDir;
    private final CycleJournal journal;
    private final BooleanSupplier cancelled;
    private final Clock clock;

    TrainingCycle(ExportSource source, ExportTraining training, ModelRegistry registry, Path modelsDir,
                  CycleJournal journal, BooleanSupplier cancelled, Clock clock) {
        this.source = source;
        this.training = training;
        this.registry = registry;
        this.modelsDir = modelsDir;
        this.journal = journal;
        this.cancelled = cancelled;
        this.clock = clock;
    }

    /** What the cycle did, without its identity and schedule (the caller adds those). */
    record Summary(CycleOutcome outcome, String message, List<TenantResult> tenants) {
    }

    Summary run() throws InterruptedException {
        List<ExportTraining.Prepared> prepared;
        try {
            journal.phase(null, TrainingPhase.FETCH);
            Path folder = source.obtain(journal);
            if (cancelled.getAsBoolean()) {
                return new Summary(CycleOutcome.CANCELLED, "cancelled before training", List.of());
            }
            journal.phase(null, TrainingPhase.PREPARE);
            prepared = training.prepareAll(folder);
        } catch (IOException | UncheckedIOException e) {
            String message = e.getMessage();
            LOG.warn("Training cycle failed, the current models keep serving: {}", message);
            return new Summary(CycleOutcome.FAILED, message, List.of());
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
                results.add(result);
                journal.tenant(result);
            } catch (CancellationException e) {
                return new Summary(CycleOutcome.CANCELLED, cancelledMessage(results.size(), prepared.size()),
                        results);
            }
        }
        return summarise(results);
    }

    private TenantResult trainOne(ExportTraining.Prepared tenant) {
        String t = tenant.tenant();
        Optional<ModelRegistry.Entry> serving = registry.snapshot().tenant(t).filter(ModelRegistry.Entry::trained);
        ExportTraining.TenantTraining outcome;
        try {
            outcome = training.train(tenant, listenerFor(t));
        } catch (CancellationException e) {
            throw e;
        } catch (RuntimeException | OutOfMemoryError e) {
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

    /** Saves every served model with this tenant's new one in place of its old one, then prunes old files. */
    private Path saveWith(TenantModel model) throws IOException {
        List<TenantModel> served = new ArrayList<>();
        for (TenantModel m : registry.snapshot().models()) {
            if (!m.tenant().equals(model.tenant())) {
                served.add(m);
            }
        }
        served.add(model);
        Path file = ModelFile.writeInto(modelsDir, served, clock.instant());
        pruneModelFiles(file);
        return file;
    }

    private void pruneModelFiles(Path keep) {
        List<Path> files = new ArrayList<>();
        try (DirectoryStream<Path> dir = Files.newDirectoryStream(modelsDir, "model-*.mlm")) {
            dir.forEach(files::add);
        } catch (IOException e) {
            LOG.warn("Could not list {} to remove old model files: {}", modelsDir, e.getMessage());
            return;
        }
        files.sort(Comparator.comparing((Path p) -> p.getFileName().toString()).reversed());
        for (int i = MODEL_FILES_KEPT; i < files.size(); i++) {
            if (files.get(i).equals(keep)) {
                continue;
            }
            try {
                Files.deleteIfExists(files.get(i));
            } catch (IOException e) {
                LOG.warn("Could not delete old model file {}: {}", files.get(i), e.getMessage());
            }
        }
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
