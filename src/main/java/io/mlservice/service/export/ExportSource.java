package io.mlservice.service.export;

import io.mlservice.config.ServiceSettings;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Where a training cycle's export comes from: Totara over signed HTTP, or a local folder. */
public interface ExportSource {

    /**
     * The source the settings name: the export folder when one is set, else Totara.
     *
     * @param retryDelays the waits between tries while Totara is still exporting (HTTP 202)
     */
    static ExportSource from(ServiceSettings settings, List<Duration> retryDelays, Clock clock) {
        if (settings.exportDir() != null) {
            return new FolderExportSource(settings.exportDir());
        }
        return new TotaraExportSource(settings, retryDelays, clock);
    }

    /** For people: the Totara URL or the folder. */
    String describe();

    /**
     * What a model trained from this source records, and what a saved model must match to be served: the Totara URL
     * without a trailing slash, or the export folder's absolute path.
     */
    String origin();

    /**
     * A complete export folder for this cycle (downloaded in full, or the local folder as it is).
     *
     * @param fetches told about every file request, for the history
     */
    Path obtain(FetchJournal fetches) throws IOException, InterruptedException;

    /**
     * Whether the export is newer than the one of {@code than} (an earlier {@code obtain}'s folder's time,
     * {@link io.mlservice.totara.ExportFreshness#exportTime}), told cheaply: Totara is asked with
     * {@code If-Modified-Since} and sends no file; a folder's files' times are read.
     *
     * @return the newer export's time; empty when there is none (or Totara is still writing it)
     * @throws IOException when it cannot be told (Totara unreachable or refusing, the folder missing)
     */
    Optional<Instant> newerThan(Instant than) throws IOException, InterruptedException;

    /** Records each attempt to fetch one export file. */
    @FunctionalInterface
    interface FetchJournal {
        void fetched(String file, int httpStatus, long bytes, long millis, String outcome);
    }
}
