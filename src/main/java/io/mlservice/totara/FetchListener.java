package io.mlservice.totara;

/** Hears about every attempt to fetch one export file, for the service's history and console. */
@FunctionalInterface
public interface FetchListener {
    /** A listener that ignores everything. */
    FetchListener NONE = (file, httpStatus, bytes, millis, outcome) -> {
    };

    /**
     * One attempt ended.
     *
     * @param file       the export file asked for
     * @param httpStatus Totara's answer, or 0 when none came (refused, timed out, unknown host, TLS failure)
     * @param bytes      bytes downloaded
     * @param millis     how long the attempt took
     * @param outcome    one line for people: what happened and what comes next
     */
    void fetched(String file, int httpStatus, long bytes, long millis, String outcome);
}
