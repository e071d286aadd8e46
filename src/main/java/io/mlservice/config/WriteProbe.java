package io.mlservice.config;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Whether a new file can be created in an existing folder, proved by creating one and deleting it again: ACLs,
 * read-only mounts and root squash defeat the permission bits, never a real write. The service's start-up check and
 * the console's check of a folder as it is typed both ask here.
 */
public final class WriteProbe {
    private WriteProbe() {
    }

    /** Why no file can be created in {@code folder}, in an administrator's words; empty when one can. */
    public static Optional<String> problem(Path folder) {
        try {
            Files.delete(Files.createTempFile(folder, ".write-probe", ".tmp"));
            return Optional.empty();
        } catch (IOException e) {
            return Optional.of(FailureReason.of(e));
        }
    }
}
