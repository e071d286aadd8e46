package io.mlservice.model;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The model files of one folder, chosen and rotated by the {@link ModelStamp} inside them, never by their names.
 *
 * <p>A training cycle saves the whole served set each time a tenant's new model is swapped in; those files share
 * the cycle's stamp, and its newest one is the cycle's state. Rotation keeps the newest file of each of the
 * {@value #CYCLES_KEPT} newest cycles, so the last complete state of every tenant outlives a bad cycle. A file that
 * cannot be read is moved into {@value #UNREADABLE}, never deleted, and never counts among the kept ones. A file
 * whose time lies in the future ranks below every other (a wrong clock or a hand-made name must not win).
 */
public final class ModelFolder {
    private static final Logger LOG = LoggerFactory.getLogger(ModelFolder.class);

    /** Training cycles whose last state is kept. */
    public static final int CYCLES_KEPT = 3;
    /** The subfolder unreadable model files are moved into. */
    public static final String UNREADABLE = "unreadable";
    /** How far ahead of the clock a file's time may be before it counts as "in the future". */
    private static final Duration CLOCK_TOLERANCE = Duration.ofMinutes(1);

    /** A readable model file and its stamp. */
    public record Saved(Path file, ModelStamp stamp) {
    }

    private final Path dir;
    private final Clock clock;

    public ModelFolder(Path dir, Clock clock) {
        this.dir = dir;
        this.clock = clock;
    }

    public Path dir() {
        return dir;
    }

    /**
     * Every readable model file, the newest first by the time inside (files dated in the future last); unreadable
     * ones are moved into {@value #UNREADABLE} with a warning, so that they are looked at, not chosen or counted.
     */
    public List<Saved> readable() throws IOException {
        return readable(true);
    }

    /**
     * Every readable model file, the newest first, as {@link #readable()}, but a file that cannot be read is left
     * where it is: for a replica reading a folder that another instance (the trainer) owns and rotates.
     */
    public List<Saved> readableLeftInPlace() throws IOException {
        return readable(false);
    }

    private List<Saved> readable(boolean moveUnreadable) throws IOException {
        List<Saved> saved = new ArrayList<>();
        for (Path file : files()) {
            try {
                saved.add(new Saved(file, ModelFile.stamp(file)));
            } catch (NoSuchFileException e) {
                // rotated away by the folder's owner between the listing and the read
            } catch (IOException e) {
                if (moveUnreadable) {
                    moveAside(file, e.getMessage());
                } else {
                    LOG.warn("Model file {} cannot be read ({}); left in place", file.getFileName(), e.getMessage());
                }
            }
        }
        saved.sort(newestFirst());
        return saved;
    }

    /**
     * The model files' names, sizes and modification times: equal marks mean nothing was added, replaced or removed,
     * so that a folder polled every few seconds is read in full only after a change.
     */
    public List<String> changeMark() throws IOException {
        List<String> mark = new ArrayList<>();
        for (Path file : files()) {
            try {
                mark.add(file.getFileName() + " " + Files.size(file) + " " + Files.getLastModifiedTime(file));
            } catch (NoSuchFileException e) {
                // rotated away since the listing: the next mark tells
            }
        }
        mark.sort(Comparator.naturalOrder());
        return mark;
    }

    /** The newest readable model file, by the time inside. */
    public Optional<Saved> newest() throws IOException {
        return readable().stream().findFirst();
    }

    /** Writes the tenants as a new file of the stamp's cycle, then rotates; returns the new file. */
    public Path save(List<TenantModel> tenants, ModelStamp stamp) throws IOException {
        Path file = ModelFile.writeInto(dir, tenants, stamp);
        rotate(file);
        return file;
    }

    /**
     * Keeps {@code keep} and the newest file of each of the {@value #CYCLES_KEPT} newest cycles; deletes the other
     * readable files and moves the unreadable ones into {@value #UNREADABLE}. Problems are logged, never thrown:
     * the file just saved is safe either way.
     */
    public void rotate(Path keep) {
        List<Path> files;
        try {
            files = files();
        } catch (IOException e) {
            LOG.warn("Could not list {} to rotate the model files: {}", dir, e.getMessage());
            return;
        }
        List<Saved> readable = new ArrayList<>();
        for (Path file : files) {
            try {
                readable.add(new Saved(file, ModelFile.stamp(file)));
            } catch (IOException e) {
                if (!file.equals(keep)) {
                    moveAside(file, e.getMessage());
                }
            }
        }
        readable.sort(newestFirst());
        Map<Instant, Saved> cycles = new LinkedHashMap<>();
        readable.forEach(s -> cycles.putIfAbsent(s.stamp().cycle(), s));
        Set<Path> kept = new HashSet<>();
        kept.add(keep);
        cycles.values().stream().limit(CYCLES_KEPT).forEach(s -> kept.add(s.file()));
        for (Saved s : readable) {
            if (!kept.contains(s.file())) {
                delete(s.file());
            }
        }
    }

    private void moveAside(Path file, String why) {
        Path aside = dir.resolve(UNREADABLE).resolve(file.getFileName());
        try {
            Files.createDirectories(aside.getParent());
            Files.move(file, aside, StandardCopyOption.REPLACE_EXISTING);
            LOG.warn("Model file {} cannot be read ({}); moved it to {}", file.getFileName(), why, aside);
        } catch (IOException e) {
            LOG.warn("Model file {} cannot be read ({}) and could not be moved to {}: {}", file.getFileName(), why,
                    aside.getParent(), e.getMessage());
        }
    }

    private static void delete(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            LOG.warn("Could not delete old model file {}: {}", file, e.getMessage());
        }
    }

    private List<Path> files() throws IOException {
        List<Path> files = new ArrayList<>();
        if (!Files.isDirectory(dir)) {
            return files;
        }
        try (DirectoryStream<Path> listing = Files.newDirectoryStream(dir,
                ModelFile.PREFIX + "*" + ModelFile.SUFFIX)) {
            listing.forEach(f -> {
                if (Files.isRegularFile(f)) {
                    files.add(f);
                }
            });
        }
        return files;
    }

    private Comparator<Saved> newestFirst() {
        Instant future = clock.instant().plus(CLOCK_TOLERANCE);
        return Comparator.comparing((Saved s) -> s.stamp().trainedAt().isAfter(future))
                .thenComparing((Saved s) -> s.stamp().trainedAt(), Comparator.reverseOrder())
                .thenComparing((Saved s) -> s.file().getFileName().toString(), Comparator.reverseOrder());
    }
}
