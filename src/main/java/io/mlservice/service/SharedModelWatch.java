package io.mlservice.service;

import io.mlservice.api.ServedModel;
import io.mlservice.model.ModelFile;
import io.mlservice.model.ModelFolder;
import io.mlservice.model.TenantModel;
import io.mlservice.serving.ModelRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.time.Clock;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A replica's models ({@code ML_ROLE=serve}): at each {@link #poll()}, the newest readable file of the shared models
 * folder, whatever source it was trained from (a replica has none of its own: it serves what the trainer writes),
 * loaded in full and only then swapped in for all tenants at once ({@link ModelRegistry#replaceAll}). The trainer
 * writes each file under a temporary name and renames it when complete, so only complete files are seen. A file
 * that cannot be read is left where it is (the trainer owns the folder and its rotation) and tried again at the
 * next poll; the folder is read in full only when its listing changed or the last reading met such a file.
 *
 * <p>Tenants the trainer found with too little data are not in its files: a replica answers for them as for an
 * unknown tenant.
 */
final class SharedModelWatch {
    private static final Logger LOG = LoggerFactory.getLogger(SharedModelWatch.class);

    private final ModelFolder folder;
    private final ModelRegistry registry;
    private final Clock clock;
    private final AtomicReference<ServedModel> served;
    /** The files already warned about, so that a file retried every poll is logged once. */
    private final Set<String> warned = new HashSet<>();
    /** The listing last read without a failure; polls run one at a time on one thread. */
    private List<String> lastMark;

    SharedModelWatch(ModelFolder folder, ModelRegistry registry, Clock clock, AtomicReference<ServedModel> served) {
        this.folder = folder;
        this.registry = registry;
        this.clock = clock;
        this.served = served;
    }

    /** Serves the newest readable file if it is not the one served; never throws (the next poll tries again). */
    void poll() {
        try {
            List<String> mark = folder.changeMark();
            if (mark.equals(lastMark)) {
                return;
            }
            if (serveNewest()) {
                lastMark = mark;
            }
        } catch (IOException | RuntimeException e) {
            LOG.warn("Could not read the shared models folder {}: {}; trying again", folder.dir(), e.toString());
        }
    }

    /** @return true when no file met on the way failed to load */
    private boolean serveNewest() throws IOException {
        ServedModel current = served.get();
        boolean clean = true;
        for (ModelFolder.Saved saved : folder.readableLeftInPlace()) {
            String name = saved.file().getFileName().toString();
            if (current != null && name.equals(current.file())
                    && saved.stamp().trainedAt().equals(current.trainedAt())) {
                return clean;
            }
            try {
                serve(saved, ModelFile.read(saved.file()));
                warned.remove(name);
                return clean;
            } catch (NoSuchFileException e) {
                clean = false;
            } catch (IOException e) {
                clean = false;
                if (warned.add(name)) {
                    LOG.warn("Model file {} cannot be loaded ({}); left in place, trying again", name,
                            e.getMessage());
                }
            }
        }
        return clean;
    }

    private void serve(ModelFolder.Saved saved, List<TenantModel> models) {
        Instant now = clock.instant();
        registry.replaceAll(models.stream().map(m -> ModelRegistry.Entry.trained(m, now)).toList());
        served.set(new ServedModel(saved.file().getFileName().toString(), saved.stamp().trainedAt(), now));
        LOG.info("Serving {} tenant model(s) from {} (trained {}, by {})", models.size(), saved.file(),
                saved.stamp().trainedAt(), saved.stamp().sourceKnown() ? saved.stamp().source() : "an older version");
    }
}
