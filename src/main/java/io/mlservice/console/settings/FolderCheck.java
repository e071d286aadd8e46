package io.mlservice.console.settings;

import io.mlservice.config.WriteProbe;
import io.mlservice.config.ConfigException;
import io.mlservice.config.Setting;

import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The Settings page's write check of a folder as it is typed: an existing folder must take a new file (created and
 * deleted again), a missing one must be creatable in its nearest existing parent. Changes nothing else on disk; the
 * service repeats its own check (and creates the folder) when the settings are applied.
 */
final class FolderCheck {
    private FolderCheck() {
    }

    /** The problems of these folder settings with their edited texts, each on its setting. */
    static List<ConfigException.Problem> problems(Map<Setting, String> folders) {
        List<ConfigException.Problem> found = new ArrayList<>();
        folders.forEach((setting, text) -> problem(setting.variable(), setting.label(), text)
                .ifPresent(p -> found.add(new ConfigException.Problem(setting.variable(), p))));
        return found;
    }

    /**
     * Why the service could not write in this folder, or empty when it could (or the text is empty or no path:
     * the service's own checks name that).
     */
    static Optional<String> problem(String name, String label, String text) {
        if (text == null || text.isBlank()) {
            return Optional.empty();
        }
        Path folder;
        try {
            folder = Path.of(text.trim()).toAbsolutePath().normalize();
        } catch (InvalidPathException e) {
            return Optional.empty();
        }
        String head = label + " (" + name + ") " + folder;
        if (Files.isDirectory(folder)) {
            return WriteProbe.problem(folder).map(reason -> head + " is not writable: " + reason);
        }
        if (Files.exists(folder)) {
            return Optional.of(head + " is a file, not a folder");
        }
        Path parent = folder.getParent();
        while (parent != null && !Files.exists(parent)) {
            parent = parent.getParent();
        }
        if (parent == null || !Files.isDirectory(parent)) {
            return Optional.of(head + " cannot be created: " + (parent == null ? "no existing parent folder"
                    : parent + " is a file"));
        }
        if (!Files.isWritable(parent)) {
            return Optional.of(head + " cannot be created: " + parent + " is not writable");
        }
        return Optional.empty();
    }
}
