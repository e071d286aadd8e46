package io.mlservice.history;

import java.time.Instant;
import java.util.Objects;

/**
 * One export file a cycle fetched (or tried to).
 *
 * @param at         when the fetch began
 * @param file       the export file's name, e.g. {@code user_data_0.csv}
 * @param httpStatus Totara's HTTP status, or 0 when there was no HTTP answer (connection failed, folder source)
 * @param bytes      bytes received
 * @param millis     wall time of the fetch
 * @param outcome    what came of it, for people, e.g. {@code ok}, {@code export still running}, {@code timed out}
 */
public record FetchRow(Instant at, String file, int httpStatus, long bytes, long millis, String outcome) {

    public FetchRow {
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(file, "file");
        outcome = Objects.requireNonNullElse(outcome, "");
    }
}
