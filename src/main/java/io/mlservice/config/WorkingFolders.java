package io.mlservice.config;

import io.mlservice.config.ConfigException.Problem;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Makes the folders the service writes in and proves they are writable before anything depends on them, so an
 * unwritable folder is one clear line at start-up rather than a failed training hours later.
 */
final class WorkingFolders {
    private WorkingFolders() {
    }

    static List<Problem> prepare(ServiceSettings s) {
        List<Problem> problems = new ArrayList<>();
        writable(Setting.MODELS_DIR.variable(), s.modelsDir(), problems);
        writable(Setting.LOGS_DIR.variable(), s.logsDir(), problems);
        history(s.historyFile(), s.logsDir(), problems);
        if (s.exportDir() != null) {
            readable(Setting.EXPORT_DIR.variable(), s.exportDir(), problems);
        }
        return problems;
    }

    /** The same folder however spelt; existing folders are also asked, which sees links and case-blind disks. */
    static boolean sameFolder(Path a, Path b) {
        Path left = a.toAbsolutePath().normalize();
        Path right = b.toAbsolutePath().normalize();
        if (left.equals(right)) {
            return true;
        }
        try {
            return Files.exists(left) && Files.exists(right) && Files.isSameFile(left, right);
        } catch (IOException e) {
            return false;
        }
    }

    private static void writable(String name, Path folder, List<Problem> problems) {
        Path absolute = folder.toAbsolutePath().normalize();
        try {
            Files.createDirectories(absolute);
        } catch (IOException e) {
            problems.add(new Problem(name, name + " " + absolute + " cannot be created: " + FailureReason.of(e)));
            return;
        }
        WriteProbe.problem(absolute).ifPresent(reason ->
                problems.add(new Problem(name, name + " " + absolute + " is not writable: " + reason)));
    }

    private static void history(Path file, Path logsDir, List<Problem> problems) {
        String name = Setting.HISTORY_DB.variable();
        Path absolute = file.toAbsolutePath().normalize();
        if (Files.isDirectory(absolute)) {
            problems.add(new Problem(name, name + " " + absolute + " is a folder: it names the history file,"
                    + " e.g. " + absolute.resolve(ServiceSettings.HISTORY_FILE_NAME)));
            return;
        }
        Path parent = absolute.getParent();
        if (parent != null && !sameFolder(parent, logsDir)) {
            writable(name, parent, problems);
        }
    }

    private static void readable(String name, Path folder, List<Problem> problems) {
        Path absolute = folder.toAbsolutePath().normalize();
        if (!Files.exists(absolute)) {
            problems.add(new Problem(name, name + " " + absolute + " does not exist"));
            return;
        }
        if (!Files.isDirectory(absolute)) {
            problems.add(new Problem(name, name + " " + absolute + " is not a folder"));
            return;
        }
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(absolute)) {
            // listing, not the permission bits, is what proves the service can read it (ACLs, root squash)
            entries.iterator().hasNext();
        } catch (IOException e) {
            problems.add(new Problem(name, name + " " + absolute + " cannot be read: " + FailureReason.of(e)));
        }
    }
}
