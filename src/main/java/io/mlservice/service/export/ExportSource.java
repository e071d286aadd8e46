package io.mlservice.service.export;

import io.mlservice.config.ServiceSettings;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

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

    /** Records each attempt to fetch one export file. */
    @FunctionalInterface
    interface FetchJournal {
        void fetched(String file, int httpStatus, long bytes, long millis, String outcome);
    }
}
