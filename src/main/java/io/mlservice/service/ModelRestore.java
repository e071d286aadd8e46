package io.mlservice.service;

import io.mlservice.api.ServedModel;
import io.mlservice.history.CycleRow;
import io.mlservice.history.History;
import io.mlservice.history.TenantOutcome;
import io.mlservice.history.TenantResultRow;
import io.mlservice.model.ModelFile;
import io.mlservice.model.ModelFolder;
import io.mlservice.model.TenantModel;
import io.mlservice.serving.ModelRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * At a start, serves again what served before the stop: the newest readable model file of the configured source at
 * once, then (once the history is open) the tenants the last cycle found with too little data, as "not trained".
 * A trainer's only: a replica serves the trainer's files of any source ({@link SharedModelWatch}).
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

    /**
     * What a start found to serve.
     *
     * @param models  the served tenants' models, none when nothing serves
     * @param current true when they were trained from the configured source; false for a file of an older format
     *                that does not say (it serves until a cycle trained at once replaces it)
     * @param served  the file served, null when none
     */
    record Restored(List<TenantModel> models, boolean current, ServedModel served) {
        Restored {
            models = List.copyOf(models);
        }

        static Restored nothing() {
            return new Restored(List.of(), false, null);
        }
    }

    /**
     * Serves the newest readable model file trained from {@code source} (the Totara URL or the export folder), by
     * the time inside the files; a newer file of other data is not served, and the log says why. Without one, the
     * newest file of format 1 (which records no source) serves until a cycle replaces it.
     */
    Restored loadSavedModel(ModelFolder folder, String source) {
        try {
            List<ModelFolder.Saved> saved = folder.readable();
            if (saved.isEmpty()) {
                LOG.info("No saved model in {}: training now", folder.dir());
                return Restored.nothing();
            }
            Optional<ModelFolder.Saved> ours = saved.stream().filter(s -> s.stamp().source().equals(source))
                    .findFirst();
            if (ours.isPresent()) {
                return serve(ours.get(), true);
            }
            Optional<ModelFolder.Saved> unknown = saved.stream().filter(s -> !s.stamp().sourceKnown()).findFirst();
            if (unknown.isPresent()) {
                LOG.warn("{} was written by an older version, which did not record the data it was trained from: "
                        + "serving it until a cycle trained now replaces it", unknown.get().file());
                return serve(unknown.get(), false);
            }
            ModelFolder.Saved newest = saved.get(0);
            LOG.warn("Not serving the saved models in {}: the newest, {}, was trained from {}, and the service now "
                    + "trains from {}; training now", folder.dir(), newest.file().getFileName(),
                    newest.stamp().source(), source);
            return Restored.nothing();
        } catch (IOException e) {
            LOG.warn("Could not load a saved model ({}): training now", e.getMessage());
            return Restored.nothing();
        }
    }

    private Restored serve(ModelFolder.Saved saved, boolean current) throws IOException {
        List<TenantModel> models = ModelFile.read(saved.file());
        Instant now = clock.instant();
        List<ModelRegistry.Entry> entries = new ArrayList<>();
        for (TenantModel m : models) {
            entries.add(ModelRegistry.Entry.trained(m, now));
        }
        registry.replaceAll(entries);
        LOG.info("Serving {} tenant model(s) from {} (trained {})", models.size(), saved.file(),
                saved.stamp().trainedAt());
        return new Restored(models, current, new ServedModel(saved.file().getFileName().toString(),
                saved.stamp().trainedAt(), now));
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
