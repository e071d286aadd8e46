package io.mlservice.service;

import java.io.IOException;
import java.nio.file.Path;

/** Where a training cycle's export comes from: Totara over signed HTTP, or a local folder. */
public interface ExportSource {

    /** For people: the Totara URL or the folder. */
    String describe();

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
