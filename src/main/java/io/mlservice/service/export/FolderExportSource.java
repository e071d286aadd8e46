package io.mlservice.service.export;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;

import io.mlservice.totara.ExportFreshness;

/** Trains from a local folder laid out like Totara's export (air-gapped sites, demos, tests). */
final class FolderExportSource implements ExportSource {
    private final Path folder;

    FolderExportSource(Path folder) {
        this.folder = folder.toAbsolutePath().normalize();
    }

    @Override
    public String describe() {
        return "folder " + folder;
    }

    @Override
    public String origin() {
        return folder.toString();
    }

    @Override
    public Path obtain(FetchJournal fetches) throws IOException {
        if (!Files.isDirectory(folder)) {
            throw new NoSuchFileException(folder.toString(), null, "the export folder does not exist");
        }
        return folder;
    }

    @Override
    public Optional<Instant> newerThan(Instant than) throws IOException {
        return ExportFreshness.exportTime(obtain(null)).filter(time -> time.isAfter(than));
    }
}
