package io.mlservice.service;

import io.mlservice.api.ServedModel;
import io.mlservice.model.ModelFolder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Which model file the service serves and since when, for {@code /health-check} and the home page: set at a start,
 * by a replica's {@link SharedModelWatch}, and after each cycle of a trainer.
 */
final class ServedFile {
    private static final Logger LOG = LoggerFactory.getLogger(ServedFile.class);

    private final AtomicReference<ServedModel> served = new AtomicReference<>();

    Optional<ServedModel> get() {
        return Optional.ofNullable(served.get());
    }

    /** The reference a {@link SharedModelWatch} updates. */
    AtomicReference<ServedModel> reference() {
        return served;
    }

    void set(ServedModel model) {
        served.set(model);
    }

    /** After a trainer's cycle: the newest readable file of its source, when it is newer than the one noted. */
    void noteNewest(ModelFolder folder, String source) {
        try {
            folder.readableLeftInPlace().stream()
                    .filter(saved -> saved.stamp().source().equals(source)).findFirst()
                    .filter(saved -> served.get() == null
                            || saved.stamp().trainedAt().isAfter(served.get().trainedAt()))
                    .ifPresent(saved -> served.set(new ServedModel(saved.file().getFileName().toString(),
                            saved.stamp().trainedAt(), saved.stamp().trainedAt())));
        } catch (IOException e) {
            LOG.warn("Could not list the model files in {}: {}", folder.dir(), e.getMessage());
        }
    }
}
