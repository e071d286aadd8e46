package io.mlservice.model;

import java.time.Instant;
import java.util.Objects;

/**
 * What a model file says about itself, beside its tenants: when it was written, which training cycle wrote it and
 * which data it was trained from. Files are chosen and rotated by these, never by their names.
 *
 * @param trainedAt when the file's served set was saved
 * @param cycle     the start of the training cycle that wrote it: a cycle's files (one per tenant swapped in, each
 *                  the whole served set of that moment) share it, and rotation keeps whole cycles
 * @param source    the Totara URL or the export folder's absolute path the models were trained from;
 *                  {@link #UNKNOWN_SOURCE} for files of format 1, which did not record it
 */
public record ModelStamp(Instant trainedAt, Instant cycle, String source) {
    /** The source of a file that does not say where its data came from. */
    public static final String UNKNOWN_SOURCE = "";

    public ModelStamp {
        Objects.requireNonNull(trainedAt, "trainedAt");
        Objects.requireNonNull(cycle, "cycle");
        source = Objects.requireNonNullElse(source, UNKNOWN_SOURCE);
    }

    /** A file that is a cycle of its own (the {@code train} command, files of format 1). */
    public static ModelStamp single(Instant trainedAt, String source) {
        return new ModelStamp(trainedAt, trainedAt, source);
    }

    public boolean sourceKnown() {
        return !source.isEmpty();
    }
}
