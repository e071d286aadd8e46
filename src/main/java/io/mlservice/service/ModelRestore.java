package io.mlservice.service;

import io.mlservice.history.CycleRow;
import io.mlservice.history.History;
import io.mlservice.history.TenantOutcome;
import io.mlservice.history.TenantResultRow;
import io.mlservice.model.ModelFile;
import io.mlservice.model.TenantModel;
import io.mlservice.serving.ModelRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * At a start, serves again what served before the stop: the newest readable model file at once, then (once the
 * history is open) the tenants the last cycle found with too little data, as "not trained".
 */
final class ModelRestore {
    private static final Logger LOG = LoggerFactory.getLogger(ModelRestore.class);
    /** How far back to look for the last cycle that reached any tenant. */
    private static final int CYCLES_LOOKED_AT = 20;

    private final ModelRegistry registry;
    private final Clock clock;

    ModelRestore(ModelRegistry registry, Clock clock) {
        this.registry = registry;
        this.clock = clock;
    }

    /** Serves the newest readable model file; returns its tenants' models, none when there is nothing to serve. */
    List<TenantModel> loadSavedModel(Path modelsDir) {
        try {
            Optional<Path> file = ModelFile.latest(modelsDir);
            if (file.isEmpty()) {
                LOG.info("No saved model in {}: training now", modelsDir);
                return List.of();
            }
            List<TenantModel> models = ModelFile.read(file.get());
            Instant now = clock.instant();
            List<ModelRegistry.Entry> entries = new ArrayList<>();
            for (TenantModel m : models) {
                entries.add(ModelRegistry.Entry.trained(m, now));
            }
            registry.replaceAll(entries);
            LOG.info("Serving {} tenant model(s) from {}", models.size(), file.get());
            return models;
        } catch (IOException e) {
            LOG.warn("Could not load a saved model ({}): training now", e.getMessage());
            return List.of();
        }
    }

    /**
     * Tenants the last cycle that reached them found with too little data have no model in the file; they keep
     * answering "not trained" after a restart rather than "no such tenant". Nothing to do without a saved model.
     */
    void restoreUntrainedTenants(History history, List<TenantModel> loaded) {
        if (loaded.isEmpty()) {
            return;
        }
        Instant now = clock.instant();
        for (CycleRow cycle : history.recentCycles(CYCLES_LOOKED_AT)) {
            List<TenantResultRow> tenants = history.tenantResults(cycle.id());
            if (tenants.isEmpty()) {
                continue;
            }
            for (TenantResultRow t : tenants) {
                boolean served = loaded.stream().anyMatch(m -> m.tenant().equals(t.tenant()));
                if (!served && t.outcome() == TenantOutcome.INSUFFICIENT) {
                    registry.swap(ModelRegistry.Entry.untrained(t.tenant(), t.message(), now));
                }
            }
            return;
        }
    }
}
