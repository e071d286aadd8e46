package io.mlservice.model;

import java.io.IOException;
import java.nio.file.Path;

/** A model file that cannot be loaded: not a model file, from a newer format, truncated or corrupt. */
public final class ModelFileException extends IOException {

    public ModelFileException(Path file, String problem) {
        super(file + ": " + problem);
    }

    public ModelFileException(Path file, String problem, Throwable cause) {
        super(file + ": " + problem, cause);
    }
}
